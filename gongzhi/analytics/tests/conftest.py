from gongzhi.demands.tests.conftest import cast  # noqa: F401  (the demand tests' people, reused)
