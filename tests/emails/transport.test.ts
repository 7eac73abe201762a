/**
 * The SMTP transport validates the server's certificate (ASVS 12.3.2): against a real SMTP
 * server whose certificate is self-signed (smtp-server's built-in one), implicit TLS and
 * STARTTLS both fail before any mail is handed over. Only the loopback catcher address skips
 * TLS. 127.0.0.2 is a loopback address the transport does not treat as the catcher's, so it
 * stands for a relay on the network.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { createMailTransport } from "../../emails/transport";

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A real SMTP server with a self-signed certificate: implicit TLS, or STARTTLS offered. */
async function selfSignedServer(
  mode: "implicit" | "starttls",
  host = "127.0.0.2",
): Promise<{ port: number; received: number }> {
  const state = { port: 0, received: 0 };
  const server = new SMTPServer({
    secure: mode === "implicit",
    authOptional: true,
    disabledCommands: ["AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        state.received += 1;
        callback();
      });
    },
  });
  server.on("error", () => {}); // the refused handshakes
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  state.port = (server.server.address() as AddressInfo).port;
  return state;
}

const mail = { from: "portal@example.org", to: "someone@example.com", subject: "s", text: "t" };

describe("ASVS 12.3.2: the SMTP client validates certificates", () => {
  it("smtps:// to a server with a self-signed certificate fails; nothing is delivered", async () => {
    const server = await selfSignedServer("implicit");
    const transport = createMailTransport(`smtps://127.0.0.2:${server.port}`);
    try {
      await expect(transport.sendMail(mail)).rejects.toThrow(/certificate/i);
    } finally {
      transport.close();
    }
    expect(server.received).toBe(0);
  });

  it("smtp:// to a relay that offers STARTTLS upgrades, and fails on a self-signed certificate; nothing is delivered", async () => {
    const server = await selfSignedServer("starttls");
    const transport = createMailTransport(`smtp://127.0.0.2:${server.port}`);
    try {
      await expect(transport.sendMail(mail)).rejects.toThrow(/certificate/i);
    } finally {
      transport.close();
    }
    expect(server.received).toBe(0);
  });

  it("only the loopback catcher address (127.0.0.1) skips TLS — the same server then accepts the mail", async () => {
    const server = await selfSignedServer("starttls", "127.0.0.1");
    const transport = createMailTransport(`smtp://127.0.0.1:${server.port}`);
    try {
      await transport.sendMail(mail);
    } finally {
      transport.close();
    }
    expect(server.received).toBe(1);
  });
});
