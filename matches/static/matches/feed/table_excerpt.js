// Beside a match: its two teams' rows and their rivals in the table as it stands, with the title
// and the drop said plainly. Derived on the page from the match day's answer (day.js), by the
// server's rules (league_table.js); the rows keep their height, so the page does not move.
import { excerpt } from "./league_table.js";
import { tablesOf, watchDay } from "./day.js";
import { paintHeadlines, paintTable } from "./table_view.js";

const page = document.querySelector("[data-live-page]");
const panel = document.querySelector("[data-table-excerpt]");

if (page && panel) {
  const teams = [page.dataset.homeName, page.dataset.awayName];
  watchDay(({ answer }) => {
    const fixture = answer.fixtures.find((f) => f.slug === page.dataset.slug);
    const competition = fixture?.table && answer.competitions[fixture.table];
    if (!competition) return;
    const table = tablesOf(answer)[fixture.table];
    paintTable(panel.querySelector("[data-league-rows]"), excerpt(table.rows, teams), competition.zones, teams);
    paintHeadlines(panel.querySelector("[data-day-headlines]"), table.headlines);
  });
}
