"""A client of depledger's HTTP API (`depledger serve`) with Python's standard library only.

    client = DepledgerClient("http://127.0.0.1:8080", api_key)
    key = client.generate_key("paris")                 # step 2: key["certificatePem"] is the .pem
    client.upload_server_token("paris", p7m_bytes, apple_id="admin@example.com")
    run = client.start_sync("paris")                   # 202: the run id; wait_for_sync follows it
    for device in client.devices(token_id="paris"):    # every page, by serial
        print(device["serial"], device["statusLabel"])

Every error of the API has one shape, `{code, message, details}`: it is raised as DepledgerApiError.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request


class DepledgerApiError(Exception):
    """An answer of 4xx or 5xx: `code` is stable (for programs), `message` says what to do."""

    def __init__(self, status, code, message, details):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details


class DepledgerClient:
    def __init__(self, base_url, api_key, timeout=30):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def request(self, method, path, json_body=None, raw=None, content_type=None, headers=None):
        """One call; answers the decoded JSON (or text), raises DepledgerApiError on an error answer."""
        sent = {"Authorization": f"Bearer {self.api_key}", **(headers or {})}
        data = None
        if json_body is not None:
            data = json.dumps(json_body).encode()
            sent["Content-Type"] = "application/json"
        elif raw is not None:
            data = raw if isinstance(raw, bytes) else raw.encode()
            sent["Content-Type"] = content_type or "application/octet-stream"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return _decode(response.status, response.headers.get("Content-Type", ""), response.read())
        except urllib.error.HTTPError as error:
            body = _decode(error.code, error.headers.get("Content-Type", ""), error.read())
            if isinstance(body, dict) and "code" in body:
                raise DepledgerApiError(error.code, body["code"], body.get("message", ""), body.get("details", {})) from None
            raise

    # Tokens (steps 2 and 4)
    def generate_key(self, token_id):
        return self.request("POST", f"/tokens/{_q(token_id)}/keys")

    def download_certificate(self, token_id):
        return self.request("GET", f"/tokens/{_q(token_id)}/certificate.pem")

    def upload_server_token(self, token_id, p7m, apple_id):
        return self.request("PUT", f"/tokens/{_q(token_id)}/server-token", raw=p7m, content_type="application/pkcs7-mime", headers={"X-Apple-Id": apple_id})

    def token(self, token_id):
        return self.request("GET", f"/tokens/{_q(token_id)}")

    # Profiles (step 5)
    def define_profile(self, profile_id, token_id, settings):
        return self.request("POST", "/profiles", {"profileId": profile_id, "tokenId": token_id, "settings": settings})

    def publish_profile(self, profile_id):
        return self.request("POST", f"/profiles/{_q(profile_id)}/publish")

    def set_default_profile(self, token_id, profile_id):
        return self.request("PUT", f"/tokens/{_q(token_id)}/default-profile", {"profileId": profile_id})

    # Syncs (step 7)
    def start_sync(self, token_id, kind="full"):
        return self.request("POST", f"/tokens/{_q(token_id)}/syncs", {"kind": kind})

    def wait_for_sync(self, token_id, run_id, poll_seconds=0.1, timeout_seconds=600):
        deadline = time.monotonic() + timeout_seconds
        while True:
            run = self.request("GET", f"/tokens/{_q(token_id)}/syncs/{_q(run_id)}")
            if run["outcome"] != "running":
                return run
            if time.monotonic() > deadline:
                raise TimeoutError(f"sync {run_id} still running after {timeout_seconds} s")
            time.sleep(poll_seconds)

    # Devices (steps 7 and 8)
    def devices(self, token_id=None, status=None, page_size=100):
        """Every device, following the pages (`next` → `after`)."""
        after = None
        while True:
            query = {"limit": page_size}
            if token_id:
                query["tokenId"] = token_id
            if status:
                query["status"] = status
            if after:
                query["after"] = after
            page = self.request("GET", "/devices?" + urllib.parse.urlencode(query))
            yield from page["devices"]
            after = page["next"]
            if after is None:
                return

    def device(self, serial, as_of=None):
        query = "?" + urllib.parse.urlencode({"asOf": as_of}) if as_of else ""
        return self.request("GET", f"/devices/{_q(serial)}{query}")

    def record_enrollment(self, serial, user=None):
        return self.request("POST", f"/devices/{_q(serial)}/enrollment", {"user": user} if user else {})

    # Webhooks
    def register_webhook(self, url, events):
        """Answers the webhook with its signing `secret` (shown once: keep it)."""
        return self.request("POST", "/webhooks", {"url": url, "events": events})

    def webhook_deliveries(self, webhook_id):
        return self.request("GET", f"/webhooks/{_q(webhook_id)}/deliveries")


def _q(segment):
    return urllib.parse.quote(segment, safe="")


def _decode(status, content_type, body):
    if status == 204 or not body:
        return None
    if content_type.startswith("application/json"):
        return json.loads(body)
    return body.decode()
