import { formatBoardJson, getPublicBoard } from "~/server/transparency/board.server";
import { getRuntime, now } from "~/server/core/runtime.server";

/** GET /api/v1/transparency: the public board as open data, the same document as /transparency.json. */
export async function loader() {
  return Response.json(formatBoardJson(getPublicBoard(now()), getRuntime().config.publicUrl), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
}
