import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "~/server/security/staff-sessions.server";
import { now } from "~/server/core/runtime.server";

export async function loader() {
  // Logging out changes state, so it is POST only.
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await logout(request, now());
  throw redirect("/", { headers: { "Set-Cookie": cookie } });
}
