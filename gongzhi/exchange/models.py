"""Keys that other departments' systems use to read and write the shared registries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DepartmentKey(models.Model):
    """部门密钥: one department's system acting as one service account; only the key's hash is kept.

    The service account's roles and territories decide what the key may read and
    write, and how personal data is masked, exactly as for a person signed in.
    """

    department = models.CharField(
        _("部门"), max_length=100, help_text=_("如「民政局」；写入的台账记录以它为来源单位")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="department_keys",
        verbose_name=_("服务账号"),
        help_text=_("密钥以此账号的角色和辖区读写，脱敏规则相同"),
    )
    prefix = models.CharField(_("前缀"), max_length=16, unique=True, help_text=_("密钥开头几位，用于辨认"))
    key_hash = models.CharField(_("密钥哈希(SHA-256)"), max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发放人"),
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    # Who issued and who revoked a key, and when; never the hash, nor every use.
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        verbose_name = _("部门密钥")
        verbose_name_plural = _("部门密钥")
        ordering = ["department", "created_at"]

    def __str__(self) -> str:
        return f"{self.department}（{self.prefix}…）"
