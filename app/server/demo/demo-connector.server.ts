/**
 * The reference connector's demo key (npm run connector): an API key of the first company that
 * takes requests through the portal, allowed to read reference photos, returned as the
 * "connector" entry of var/demo-logins.json, where the connector looks for it. The key has the
 * API's "brp_" form (tests/server/demo-connector-key.test.ts signs in to the API with it).
 */
import crypto from "node:crypto";
import type { SqlConnection } from "../../../db/client";
import { sha256Hex } from "../security/staff-sessions.server";
import { insertDemoWebhook } from "../webhooks/manage-webhooks.server";

type ConnectorLogin = {
  role: "connector";
  email: string;
  password: string;
  vendor: string;
  apiKey: string;
  webhookSecret?: string;
};

/** The connector's entry: its key and, where loopback webhooks are allowed, its registered webhook's secret. */
export function writeConnectorLogin(
  sqlite: SqlConnection,
  vendorId: number,
  adminId: number,
  createdAt: number,
  vendorSlug: string,
  webhookUrl: string | null | undefined,
  dataKey: Buffer,
): ConnectorLogin {
  const login: ConnectorLogin = writeConnectorKey(sqlite, vendorId, adminId, createdAt, vendorSlug);
  if (webhookUrl)
    login.webhookSecret = insertDemoWebhook(sqlite, {
      vendorId,
      createdBy: adminId,
      url: webhookUrl,
      createdAt,
      dataKey,
    }).secret;
  return login;
}

export function writeConnectorKey(
  sqlite: SqlConnection,
  vendorId: number,
  vendorAdminId: number,
  createdAt: number,
  vendorSlug: string,
): ConnectorLogin {
  const apiKey = `brp_${crypto.randomBytes(32).toString("base64url")}`;
  sqlite
    .prepare(
      "INSERT INTO api_keys (vendor_id, name, key_hash, prefix, created_by_user_id, created_at, scopes) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .run(
      vendorId,
      "Reference connector (demo)",
      sha256Hex(apiKey),
      apiKey.slice(0, 10),
      vendorAdminId,
      createdAt,
      "reference_photos:read",
    );
  return { role: "connector", email: "", password: "", vendor: vendorSlug, apiKey };
}
