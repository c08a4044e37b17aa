import pytest


@pytest.fixture
def tree(db):
    from gongzhi.territory.tests.factories import small_city

    return small_city()
