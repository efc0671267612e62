"""The fault list stays seedable: each fault's text is still in its file exactly once."""

import pytest

from .faults import FAULTS
from .run import seeded_source


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_every_fault_can_still_be_seeded_and_names_its_tests(fault):
    path, original, faulty = seeded_source(fault)
    assert faulty != original
    assert fault.tests and all(
        (path.parents[len(fault.path.split("/")) - 1] / t.split("::")[0]).exists() for t in fault.tests
    )
