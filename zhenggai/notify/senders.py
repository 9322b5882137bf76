"""Delivering one message: Django's email backend, or an HTTP POST to a group robot.

WeCom (企业微信) group robots take ``{"msgtype": "markdown", "markdown": {"content": …}}``;
DingTalk (钉钉) robots take ``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}``.
Both answer HTTP 200 with ``{"errcode": 0, …}`` on success.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.core.mail import EmailMessage

from .models import Channel
from .webhooks import UnsafeWebhook, check_resolved, dingtalk_signed

TIMEOUT = 10


class SendError(Exception):
    """The channel refused or could not be reached; the message is retried later."""


def webhook_payload(channel: str, subject: str, body: str) -> dict:
    if channel == Channel.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": f"**{subject}**\n{body}"}}
    return {
        "msgtype": "markdown",
        "markdown": {"title": subject, "text": f"**{subject}**\n\n{body}"},
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A robot answers directly; a redirect could lead inside the network, so none is followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        refused = "群机器人地址发生跳转，已拒绝"
        raise urllib.error.HTTPError(req.full_url, code, refused, headers, fp)


_opener = urllib.request.build_opener(_NoRedirect)


def post_webhook(url: str, payload: dict, secret: str = "") -> None:
    try:
        check_resolved(url)
    except UnsafeWebhook as exc:
        raise SendError(str(exc)) from exc
    request = urllib.request.Request(  # noqa: S310 - address checked above
        dingtalk_signed(url, secret),
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            raw = response.read()
    except OSError as exc:  # URLError, HTTPError, timeouts, refused connections
        raise SendError(f"群机器人请求失败：{exc}") from exc
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        answer = {}
    if isinstance(answer, dict) and answer.get("errcode", 0) != 0:
        raise SendError(f"群机器人返回错误：{answer.get('errmsg', answer)}")


def deliver(channel: str, address: str, subject: str, body: str, secret: str = "") -> None:
    """Send one message or raise :class:`SendError`; ``secret`` signs DingTalk posts."""
    if channel == Channel.EMAIL:
        try:
            EmailMessage(subject=subject, body=body, to=[address]).send(fail_silently=False)
        except Exception as exc:  # smtplib and socket errors have no common base
            raise SendError(f"邮件发送失败：{exc}") from exc
        return
    post_webhook(address, webhook_payload(channel, subject, body), secret)
