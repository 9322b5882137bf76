"""Organisations (a tree of party organisations and their units) and users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Organisation(models.Model):
    """A party organisation or a unit under it: a city, a town, a department, a village.

    Organisations form a tree. ``path`` holds the ids from the root down
    (``/1/4/9/``) so that a whole subtree is one indexed ``startswith`` filter;
    it is kept by :meth:`save`.
    """

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "党委"
        LEADING_GROUP = "leading_group", "党组"
        GENERAL_BRANCH = "general_branch", "党总支"
        BRANCH = "branch", "党支部"
        OFFICE = "office", "工作机构"

    class Category(models.TextChoices):
        REGION = "region", "地方（市、县、镇）"
        DEPARTMENT = "department", "部门单位"
        VILLAGE = "village", "村（社区）"
        ENTERPRISE = "enterprise", "企事业单位"

    name = models.CharField("名称", max_length=120)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("党组织类型", max_length=20, choices=Kind.choices)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    head = models.ForeignKey(
        "orgs.User",
        verbose_name="主要负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["path", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="org_unique_name_per_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            type(self).objects.filter(pk=self.pk).update(path=path)
            self.path = path

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def subtree_q(self, prefix: str = "") -> Q:
        """A filter matching this organisation and everything under it."""
        return Q(**{f"{prefix}path__startswith": self.path})

    def is_within(self, other: Organisation) -> bool:
        """True when this organisation is ``other`` or lies under it."""
        return bool(other.path) and self.path.startswith(other.path)


class User(AbstractUser):
    """A person who signs in. The role and organisation decide what they see."""

    class Role(models.TextChoices):
        OFFICE = "office", "整改办"
        UNIT = "unit", "责任单位联络员"
        LEADER = "leader", "责任领导"
        OVERSIGHT = "oversight", "巡察办"
        ADMIN = "admin", "系统管理员"

    full_name = models.CharField("姓名", max_length=40, blank=True)
    title = models.CharField("职务", max_length=80, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.UNIT)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_admin_role(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser
