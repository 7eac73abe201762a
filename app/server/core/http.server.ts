/** Small helpers shared by route modules (response shaping only; no business logic). */
import { data } from "@remix-run/node";
import { ServiceError } from "./errors.server";

/** Turns a ServiceError into the HTTP answer; rethrows anything else (→ generic 500 page). */
export function toHttpError(err: unknown): never {
  if (err instanceof ServiceError) {
    throw new Response(err.status === 404 ? "Not found" : err.message, { status: err.status });
  }
  throw err;
}

/** Form answer with field errors and the submitted values (so the form comes back filled in). */
export function invalidForm<V extends Record<string, unknown>>(
  errors: Record<string, string>,
  values: V,
  status = 400,
) {
  return data({ ok: false as const, errors, values }, { status });
}

export function formValues(form: FormData, arrays: string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = arrays.includes(key) ? all : (all[0] ?? "");
  }
  for (const a of arrays) out[a] ??= [];
  return out;
}
