"""Keys that client apps use to post Open311 requests, and the tokens that stand for a request id."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """API 密钥: issued to one client app; only its SHA-256 hash is kept."""

    name = models.CharField(_("名称"), max_length=100, unique=True, help_text=_("使用此密钥的客户端应用"))
    prefix = models.CharField(_("前缀"), max_length=16, unique=True, help_text=_("密钥开头几位，用于辨认"))
    key_hash = models.CharField(_("密钥哈希(SHA-256)"), max_length=64, unique=True, editable=False)
    # The account that submits this app's demands: events and idempotency keys are tied to it.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="open311_key",
        verbose_name=_("提交账号"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API 密钥")
        verbose_name_plural = _("Open311 API 密钥")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class RequestToken(models.Model):
    """A token answered for a request that could not be located yet; it resolves to the id once located."""

    token = models.CharField(_("令牌"), max_length=64, unique=True)
    demand = models.OneToOneField(
        "demands.Demand", on_delete=models.CASCADE, related_name="open311_token", verbose_name=_("诉求")
    )
    api_key = models.ForeignKey(
        ApiKey, on_delete=models.PROTECT, related_name="tokens", verbose_name=_("API 密钥")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("Open311 令牌")
        verbose_name_plural = _("Open311 令牌")

    def __str__(self) -> str:
        return self.token
