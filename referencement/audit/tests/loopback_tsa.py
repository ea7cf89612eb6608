"""A real RFC 3161 time-stamping authority on loopback, for the tests.

It answers `application/timestamp-query` POSTs with a TimeStampResp (RFC 3161 §2.4.2) whose
token is a CMS SignedData (RFC 5652 §5) over a TSTInfo, signed with a test RSA key whose
certificate carries the critical id-kp-timeStamping extended key usage (RFC 3161 §2.3),
issued by a test root. No ASN.1 library is installed, so the few DER structures are built
by hand below.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from rfc3161_client import _rust

OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_TST_INFO = "1.2.840.113549.1.9.16.1.4"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_SIGNING_CERTIFICATE_V2 = "1.2.840.113549.1.9.16.2.47"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_RSA = "1.2.840.113549.1.1.1"
TEST_POLICY = "1.3.6.1.4.1.99999.1"


def _length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + _length(len(content)) + content


def sequence(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def set_of(*items: bytes) -> bytes:
    return tlv(0x31, b"".join(sorted(items)))


def integer(value: int) -> bytes:
    return tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


def octet_string(value: bytes) -> bytes:
    return tlv(0x04, value)


def oid(dotted: str) -> bytes:
    first, second, *rest = (int(part) for part in dotted.split("."))
    body = bytearray([first * 40 + second])
    for arc in rest:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body.extend(reversed(chunk))
    return tlv(0x06, bytes(body))


def explicit(number: int, content: bytes) -> bytes:
    return tlv(0xA0 + number, content)


def algorithm(dotted: str) -> bytes:
    return sequence(oid(dotted), b"\x05\x00")


class LoopbackTSA:
    """Start with `start()`; `url`, `certificate_pem` (TSA certificate then root)."""

    def __init__(self) -> None:
        now = datetime.datetime.now(datetime.UTC)
        validity = (now - datetime.timedelta(days=1), now + datetime.timedelta(days=30))
        root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Racine de test")])
        self.root = (
            x509.CertificateBuilder()
            .subject_name(root_name)
            .issuer_name(root_name)
            .public_key(root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(validity[0])
            .not_valid_after(validity[1])
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(root_key, hashes.SHA256())
        )
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA de test")]))
            .issuer_name(root_name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(validity[0])
            .not_valid_after(validity[1])
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
            .sign(root_key, hashes.SHA256())
        )
        self.certificate_pem = b"".join(
            cert.public_bytes(serialization.Encoding.PEM) for cert in (self.certificate, self.root)
        )
        self.requests = 0
        self._serials = count(1)
        self._server: ThreadingHTTPServer | None = None

    def respond(self, request_der: bytes) -> bytes:
        request = _rust.parse_timestamp_request(request_der)
        imprint = request.message_imprint
        gen_time = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%SZ").encode()
        tst_info = sequence(
            integer(1),
            oid(TEST_POLICY),
            sequence(
                algorithm(imprint.hash_algorithm.dotted_string), octet_string(imprint.message)
            ),
            integer(next(self._serials)),
            tlv(0x18, gen_time),
            *([integer(request.nonce)] if request.nonce is not None else []),
        )
        certificate_der = self.certificate.public_bytes(serialization.Encoding.DER)
        attributes = [
            sequence(oid(OID_CONTENT_TYPE), set_of(oid(OID_TST_INFO))),
            sequence(
                oid(OID_MESSAGE_DIGEST), set_of(octet_string(hashlib.sha256(tst_info).digest()))
            ),
            sequence(
                oid(OID_SIGNING_CERTIFICATE_V2),
                set_of(
                    sequence(
                        sequence(sequence(octet_string(hashlib.sha256(certificate_der).digest())))
                    )
                ),
            ),
        ]
        signed_attributes = set_of(*attributes)
        signature = self.key.sign(signed_attributes, padding.PKCS1v15(), hashes.SHA256())
        issuer_and_serial = sequence(
            self.certificate.issuer.public_bytes(), integer(self.certificate.serial_number)
        )
        signer_info = sequence(
            integer(1),
            issuer_and_serial,
            algorithm(OID_SHA256),
            b"\xa0" + signed_attributes[1:],
            algorithm(OID_RSA),
            octet_string(signature),
        )
        signed_data = sequence(
            integer(3),
            set_of(algorithm(OID_SHA256)),
            sequence(oid(OID_TST_INFO), explicit(0, octet_string(tst_info))),
            tlv(0xA0, certificate_der),
            set_of(signer_info),
        )
        token = sequence(oid(OID_SIGNED_DATA), explicit(0, signed_data))
        return sequence(sequence(integer(0)), token)

    def start(self) -> None:
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                tsa.requests += 1
                answer = tsa.respond(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/tsa"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
