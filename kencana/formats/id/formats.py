# Dates as the app writes them everywhere in Indonesian (kencana.core.formats.day): "5 Des 2026",
# without the dot Django's locale puts after a short month name. Input formats are Django's.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
