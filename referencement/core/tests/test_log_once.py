"""The PDF library's repeated advice reaches the logs once per process (issue 17: a
newcomer's demo output is the platform's, not 126 copies of one warning)."""

import logging
import uuid

from referencement.lib.log_once import OncePerMessage


def test_a_repeated_weasyprint_warning_is_logged_once(caplog):
    logger = logging.getLogger("weasyprint")
    font = f"Police {uuid.uuid4()}"  # a message no other test of this process has logged
    assert any(isinstance(f, OncePerMessage) for f in logger.filters)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        for _ in range(3):
            logger.warning("Using fontTools instead of HarfBuzz-Subset for font %r.", font)
        logger.warning("Using fontTools instead of HarfBuzz-Subset for font %r.", font + " Bold")
    assert [r.getMessage() for r in caplog.records] == [
        f"Using fontTools instead of HarfBuzz-Subset for font '{font}'.",
        f"Using fontTools instead of HarfBuzz-Subset for font '{font} Bold'.",
    ]
