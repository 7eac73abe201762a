import { openTransparencyJson } from "~/server/transparency/board-open-data.server";

/** GET /transparency.json: the public board as open data (CC BY 4.0; schema Transparency in the OpenAPI document). */
export async function loader({ request }: { request: Request }) {
  return openTransparencyJson(request);
}
