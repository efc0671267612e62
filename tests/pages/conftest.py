# The pages are walked in the world the authorization matrix builds: one object of every kind
# that has a URL, in each place, made with the apps' own services.
from tests.security.conftest import media_root, rendered_plainly, whole_world, world  # noqa: F401
