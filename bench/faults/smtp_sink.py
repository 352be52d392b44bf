"""A tiny SMTP receiver on loopback for the fault suite (no aiosmtpd).

Every accepted mail is appended to the log as one line,
``<Message-ID>\\t<To>\\t<what>\\t<ics>`` (what: ``funding.<obligation>`` from the
submit link or ``events.<event>`` from the event link; ics 1 if a
text/calendar part came with it), and flushed *before* the 250 reply:
a mail in the log is a mail the server accepted. Killing the process is the
fault "mail server down".

    python -m bench.faults.smtp_sink --port 2525 --log var/faults/sink.log
"""

import argparse
import asyncio
import re

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
TO = re.compile(rb"^To:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
WHAT = re.compile(rb"/nachweise/(\d+)/einreichen|/termine/faults-termin-(\d+)/")


class Sink:
    def __init__(self, log_path: str, delay: float = 0.0) -> None:
        self.log = open(log_path, "a", buffering=1)  # noqa: SIM115 - open for the process' life
        self.delay = delay  # seconds per mail: a slower server, so a small run can be hit mid-way

    def record(self, data: bytes) -> None:
        header = data.split(b"\r\n\r\n", 1)[0]
        found = MESSAGE_ID.search(header)
        message_id = found.group(1).decode() if found else "-"
        to = TO.search(header)
        what = WHAT.search(data)
        if what is None:
            about = "-"
        elif what.group(1):
            about = f"funding.{what.group(1).decode()}"
        else:
            about = f"events.{what.group(2).decode()}"
        has_ics = int(b"text/calendar" in data)
        self.log.write(f"{message_id}\t{to.group(1).decode() if to else '-'}\t{about}\t{has_ics}\n")
        self.log.flush()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        def reply(text: str) -> None:
            writer.write(text.encode() + b"\r\n")

        reply("220 faults-sink ESMTP")
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                verb = line[:4].upper()
                if verb == b"EHLO":
                    reply("250-faults-sink")
                    reply("250 8BITMIME")
                elif verb == b"DATA":
                    reply("354 go ahead")
                    await writer.drain()
                    chunks = []
                    while True:
                        chunk = await reader.readline()
                        if not chunk or chunk == b".\r\n":
                            break
                        chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                    if not chunk:
                        break
                    if self.delay:
                        await asyncio.sleep(self.delay)
                    self.record(b"".join(chunks))
                    reply("250 accepted")
                elif verb == b"QUIT":
                    reply("221 bye")
                    await writer.drain()
                    break
                elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                    reply("250 ok")
                else:
                    reply("502 not implemented")
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()


async def serve(port: int, log_path: str, delay: float) -> None:
    sink = Sink(log_path, delay)
    server = await asyncio.start_server(sink.handle, "127.0.0.1", port, reuse_address=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.log, args.delay_ms / 1000))


if __name__ == "__main__":
    main()
