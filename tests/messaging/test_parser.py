from kencana.messaging.parser import Command, parse


def test_a_report_reads_hazard_place_and_depth_whatever_the_case_and_spacing():
    assert parse("LAPOR BANJIR PARINGIN 50CM") == Command("report", ("BANJIR", "PARINGIN"), depth_cm=50)
    assert parse("  lapor   banjir  paringin  50 cm ") == Command("report", ("banjir", "paringin"), depth_cm=50)
    assert parse("Lapor Banjir Paringin 1,2m").depth_cm == 120  # the decimal comma, in metres
    assert parse("LAPOR BANJIR, PARINGIN, 0.5 m").depth_cm == 50
    assert parse("LAPOR LONGSOR Lasung Batu") == Command("report", ("LONGSOR", "Lasung", "Batu"))


def test_officer_commands_need_exactly_their_words():
    assert parse("status") == Command("status")
    assert parse("AMBIL 3") == Command("take", number=3)
    assert parse("selesai #12") == Command("finish", number=12)
    assert parse("AMBIL tiga") == Command("help")
    assert parse("STATUS tolong") == Command("help")


def test_anything_else_is_help():
    assert parse("") == Command("help")
    assert parse("halo") == Command("help")
    assert parse("LAPOR") == Command("help")
    assert parse("/start") == Command("start")
