"""The production settings, plus the two baseline URLs of the HTTP benchmark (bench_urls).

Nothing else differs from ``raqib.settings.production``: the benchmark measures the stack the
department deploys. The environment (secret key, hosts, database) comes from bench/_server.py.
"""

from raqib.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
