"""The Intune document's steps through depledger's HTTP API from Python, against the Apple simulator,
with a webhook receiver that checks every delivery's signature.

    python3 examples/python-client/walkthrough.py --url http://127.0.0.1:8080 --key dpl_… --simulator-url http://127.0.0.1:8081

Standard library only. Apple's side (adding an MDM server with the .pem, assigning devices) is played
by the simulator's portal API; with Apple, an administrator does it in Apple Business Manager.
"""

import argparse
import hashlib
import hmac
import json
import sys
import time
import urllib.request

from depledger_client import DepledgerApiError, DepledgerClient
from webhook_receiver import WebhookReceiver, verify_signature


def portal(simulator_url, path, body):
    """The simulator's stand-in for Apple Business Manager."""
    request = urllib.request.Request(simulator_url.rstrip("/") + path, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="where depledger serve listens")
    parser.add_argument("--key", required=True, help="an API key with the read and write scopes")
    parser.add_argument("--simulator-url", required=True, help="the Apple simulator's URL")
    parser.add_argument("--token", default="lyon")
    parser.add_argument("--devices", type=int, default=3)
    args = parser.parse_args()
    client = DepledgerClient(args.url, args.key)

    with WebhookReceiver() as receiver:
        # the MDM wants to hear about devices and syncs: it registers a webhook and keeps the secret
        webhook = client.register_webhook(receiver.url, ["device.assigned", "device.enrolled", "sync.completed"])
        receiver.secret = webhook["secret"]
        print(f"webhook {webhook['webhookId']} -> {receiver.url}")

        # 2. the encryption key, downloaded as a .pem
        client.generate_key(args.token)
        pem = client.download_certificate(args.token)
        print(f"2. key generated, .pem downloaded ({len(pem)} characters)")

        # 3. at Apple: an MDM server for the .pem, its .p7m, devices assigned to it
        server = portal(args.simulator_url, "/_portal/servers", {"name": "Lyon MDM", "certificatePem": pem})
        serials = portal(args.simulator_url, "/_control/devices/seed", {"count": args.devices, "serverId": server["serverId"]})["serials"]
        print(f"3. Apple: server {server['serverId']}, {len(serials)} devices assigned")

        # 4. the .p7m uploaded with the Apple ID
        uploaded = client.upload_server_token(args.token, server["p7m"], apple_id="it-admin@contoso.example")
        print(f"4. token active until {uploaded['expiresAt'][:10]}, account {uploaded['account']['status']}")

        # bad input gets a typed error and records nothing
        try:
            client.define_profile("corp-lyon", args.token, {"name": "Contoso", "url": "https://mdm.contoso.example/enroll", "wallpaper": "blue"})
        except DepledgerApiError as error:
            print(f"   refused as expected: {error.status} {error.code}")

        # 5. the corporate enrollment profile
        client.define_profile("corp-lyon", args.token, {"name": "Contoso Lyon", "url": "https://mdm.contoso.example/enroll", "skipSetupItems": ["Siri"]})
        published = client.publish_profile("corp-lyon")
        client.set_default_profile(args.token, "corp-lyon")
        print(f"5. profile corp-lyon published as {published['profileUuid']}")

        # 7. Sync now: 202 with the run id, then its progress until it ends
        run = client.start_sync(args.token)
        finished = client.wait_for_sync(args.token, run["runId"])
        print(f"7. sync {finished['outcome']}: {finished['counts']['added']} added")
        for device in client.devices(token_id=args.token, page_size=2):
            print(f"   {device['serial']}  {device['statusLabel']}")

        # 8. the MDM's check-in
        client.record_enrollment(serials[0])
        print(f"8. {serials[0]}: {client.device(serials[0])['statusLabel']}")

        # every delivery verified, each event id once
        expected = len(serials) + 1 + 1
        receiver.wait_for(lambda events: len(events) >= expected)
        for event in receiver.events:
            subject = event["data"].get("serial") or event["data"].get("runId")
            print(f"webhook {event['type']} {subject}")
        print(f"webhooks: {len(receiver.events)} verified, {len(receiver.refused)} refused")

    # what a receiver refuses: an altered body, or a timestamp from long ago (a replay)
    body = json.dumps({"id": "x", "type": "device.enrolled"}).encode()
    now = int(time.time())
    signature = "v1=" + hmac.new(receiver.secret.encode(), f"{now}.".encode() + body, hashlib.sha256).hexdigest()
    assert verify_signature(receiver.secret, str(now), signature, body)
    assert not verify_signature(receiver.secret, str(now), signature, body.replace(b'"x"', b'"y"'))
    assert not verify_signature(receiver.secret, str(now), signature, body, now=now + 3600)
    print("forged and replayed deliveries are refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
