"""Which group-robot addresses Zhenggai may post to, and DingTalk's signature.

A robot address is typed by a user, so posting to it must never reach inside the
server's own network (SSRF): only ``https`` to the robot services' hosts, or an
address an operator listed in ``ZHENGGAI["WEBHOOK_ALLOWLIST"]`` (URL prefixes,
e.g. an intranet robot gateway). The same check runs when the form is saved and
again at send time, where the host's addresses are resolved and must all be
public — a name that later resolves to 127.0.0.1 or 10.x is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import socket
import time
from urllib.parse import quote_plus, urlsplit

from django.conf import settings

ROBOT_HOSTS = {"qyapi.weixin.qq.com", "oapi.dingtalk.com"}


class UnsafeWebhook(ValueError):
    """The address is not a robot service this server may post to; str() is Chinese."""


def allowlisted(url: str) -> bool:
    """True when an operator listed this address (prefix) in settings."""
    return any(url.startswith(prefix) for prefix in settings.ZHENGGAI["WEBHOOK_ALLOWLIST"])


def check_url(url: str) -> None:
    """Refuse an address that is neither a robot service over https nor allowlisted."""
    if allowlisted(url):
        return
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise UnsafeWebhook("群机器人地址须以 https:// 开头。")
    host = (parts.hostname or "").lower()
    if host not in ROBOT_HOSTS:
        raise UnsafeWebhook(
            "群机器人地址须为企业微信（qyapi.weixin.qq.com）或钉钉（oapi.dingtalk.com）的地址；"
            "其他地址请系统管理员加入白名单。"
        )
    if parts.username or parts.password or (parts.port not in (None, 443)):
        raise UnsafeWebhook("群机器人地址不能包含用户名、密码或其他端口。")


def check_resolved(url: str) -> None:
    """At send time: every address the host resolves to must be public."""
    if allowlisted(url):
        return
    check_url(url)
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise UnsafeWebhook(f"无法解析群机器人地址的主机 {host}：{exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise UnsafeWebhook(f"群机器人地址解析到内部地址 {address}，已拒绝发送。")


def dingtalk_signed(url: str, secret: str, now_ms: int | None = None) -> str:
    """The address with DingTalk's ``timestamp`` and ``sign`` (HmacSHA256 of
    ``timestamp\\nsecret``, base64, URL-encoded) appended, as its 加签 setting asks."""
    if not secret:
        return url
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    sign = quote_plus(base64.b64encode(digest))
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp}&sign={sign}"
