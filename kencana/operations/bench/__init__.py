"""`make bench`: latency, queries, sweeps and stock throughput against gunicorn on loopback.

``runner.run`` drives one measurement from a seed manifest; the other modules each do one
job (the server, wrk, query counts, stock writers, the report). docs/performance.md says
what each figure means and holds the national results.
"""
