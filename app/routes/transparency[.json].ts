import { formatBoardJson, getPublicBoard } from "~/server/transparency/board.server";
import { getRuntime, now } from "~/server/core/runtime.server";

/** GET /transparency.json: the public board as open data (CC BY 4.0; schema Transparency in the OpenAPI document). */
export async function loader() {
  return Response.json(formatBoardJson(getPublicBoard(now()), getRuntime().config.publicUrl), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
}
