import { formatBoardCsv, getPublicBoard } from "~/server/transparency/board.server";
import { now } from "~/server/core/runtime.server";

/** GET /transparency.csv: the public board as open data (CC BY 4.0), one row per company, period and scope. */
export async function loader() {
  return new Response(formatBoardCsv(getPublicBoard(now())), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="transparency.csv"',
      "Cache-Control": "public, max-age=300",
    },
  });
}
