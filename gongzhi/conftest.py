import pytest


@pytest.fixture
def tree(db):
    from gongzhi.territory.tests.factories import small_city

    return small_city()


@pytest.fixture(autouse=True)
def _static_without_manifest(settings):
    """Let pages render {% static %} in tests, where collectstatic has not written a manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every role-matrix case makes a user; the real hasher would spend 0.3 s on each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_routing_caches():
    """Start each test without the polygons, names, categories and rules a rolled-back test cached."""
    from gongzhi.demands.routing import forget

    forget()


@pytest.fixture(scope="session")
def _classifier_base(tmp_path_factory):
    return tmp_path_factory.mktemp("classifier")


@pytest.fixture(autouse=True)
def _no_active_classifier(settings, _classifier_base):
    """Keep each test away from a classifier the developer's data folder may hold (a demo's model)."""
    import uuid

    settings.GONGZHI_CLASSIFIER_DIR = str(_classifier_base / uuid.uuid4().hex)


@pytest.fixture(autouse=True)
def _figures_not_kept(settings):
    """Compute figures afresh in each test: a rolled-back test's node ids come back with other data."""
    settings.GONGZHI_FIGURES_CACHE_SECONDS = 0
