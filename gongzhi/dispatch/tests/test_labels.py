import json

import pytest
from django.core.management import call_command

from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.dispatch import registry
from gongzhi.dispatch.models import Label, LabelSource
from gongzhi.dispatch.services import label_record
from gongzhi.dispatch.tests.conftest import write_csv
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_a_dispatcher_correction_is_stored_as_a_label(tree):
    worker = user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])
    label = label_record(actor=worker, text="楼道堆满杂物", label="安全防护", predicted_label="物业")
    assert (label.label, label.predicted_label, label.source, label.created_by) == (
        "安全防护",
        "物业",
        LabelSource.CORRECTION,
        worker,
    )


def test_labels_need_a_staff_member_and_a_label(tree):
    with pytest.raises(PermissionDenied):
        label_record(actor=UserFactory(), text="噪音", label="矛盾调解")
    worker = user_with_role(Role.GRID_WORKER, tree["grid_a"])
    with pytest.raises(ValidationFailed):
        label_record(actor=worker, text="噪音", label=" ")
    assert not Label.objects.exists()


def test_train_can_include_stored_labels(tree, complaints, data_dir, tmp_path, capsys):
    train, _ = complaints
    worker = user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])
    for text in ("孩子 学校 食堂 饭菜 质量 差", "学校 乱收费 补课费"):
        label_record(actor=worker, text=text, label="教育文体")
    path = write_csv(tmp_path / "train.csv", train[::3])
    call_command("classifier", "train", "--input", str(path), "--include-labels", "--no-cv")
    version = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["version"]
    assert registry.active_version() == version
    meta = registry.read_metadata(registry.root() / version)
    assert meta["training_data"]["stored_labels"] == 2
    assert meta["training_data"]["rows"] == len(train[::3])
