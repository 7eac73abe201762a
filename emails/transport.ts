/**
 * The one SMTP transport factory. The portal always speaks SMTP through nodemailer: to the
 * configured SMTP_URL, or to the embedded catcher on 127.0.0.1 in development.
 */
import nodemailer, { type Transporter } from "nodemailer";

export type MailTransport = Transporter;

export function createMailTransport(smtpUrl: string): MailTransport {
  const url = new URL(smtpUrl);
  const loopback = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "::1";
  return nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 25)),
    secure: url.protocol === "smtps:",
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // The loopback catcher has no certificate; anything else must negotiate TLS when offered.
    ignoreTLS: loopback,
    // The outbox owns retries: fail fast and let it back off instead of hanging a worker.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}
