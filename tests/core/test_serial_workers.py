"""A test that starts a real Celery worker shares the broker's queue with every other test: it is
marked ``serial`` so that ``make test`` runs it alone, after the parallel part."""

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_every_test_module_that_starts_a_worker_runs_alone():
    starts_a_worker = [
        path
        for path in TESTS.rglob("test_*.py")
        if path.name != Path(__file__).name and "start_worker(" in path.read_text()
    ]
    assert starts_a_worker, "no test starts a worker: this guard looks for the wrong call"
    parallel = [str(p.relative_to(TESTS)) for p in starts_a_worker if "pytest.mark.serial" not in p.read_text()]
    assert not parallel, f"start a worker but are not marked serial: {parallel}"
