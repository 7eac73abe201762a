import { openTransparencyJson } from "~/server/transparency/board-open-data.server";

/** GET /api/v1/transparency: the public board as open data, the same document as /transparency.json. */
export async function loader({ request }: { request: Request }) {
  return openTransparencyJson(request);
}
