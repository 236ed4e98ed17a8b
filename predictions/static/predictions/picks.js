// What the page knows of the game of the loop being played, as the relay tells it: the fan's own
// picks (`welcome` brings them, each confirmed `pick` adds one), the crowd's share of every
// prediction (`tally`: the newest version of each wins, whichever node sent it), and the
// standings summaries the room was sent (`standings`, after each resolution). Never every fan's
// pick: a crowd of 10,000 costs the page a share per window, not a message per vote.

export function createPickBook() {
  let loop = null;
  let mine = new Map(); // prediction id → the fan's standing pick
  let shares = new Map(); // prediction id → the newest tally
  let summaries = []; // this loop's standings summaries, fewest resolved first

  // A message of a later loop starts the book afresh; one of an earlier loop is a straggler.
  function inLoop(messageLoop) {
    if (loop === null || messageLoop > loop) {
      [loop, mine, shares, summaries] = [messageLoop, new Map(), new Map(), []];
    }
    return messageLoop === loop;
  }

  function addMine(pick) {
    if (!inLoop(pick.loop)) return;
    const known = mine.get(pick.prediction);
    if (!known || pick.at >= known.at) mine.set(pick.prediction, pick);
  }

  function addTally(tally) {
    if (!inLoop(tally.loop)) return;
    const known = shares.get(tally.prediction);
    if (!known || tally.version > known.version) shares.set(tally.prediction, tally);
  }

  // A summary that resolves more of the same questions joins the loop's history; one that does
  // not (a correction took an answer back, the recorded match kicked off again) starts it afresh.
  function addStandings(summary) {
    if (!summary || !inLoop(summary.loop)) return;
    const latest = summaries.at(-1);
    const continues = !latest || latest.resolved.every((id) => summary.resolved.includes(id));
    summaries = continues
      ? [...summaries.filter((known) => known.resolved.length !== summary.resolved.length), summary]
        .sort((a, b) => a.resolved.length - b.resolved.length)
      : [summary];
  }

  return {
    addMine,
    addTally,
    addStandings,
    // A fan's own picks, as `welcome` sends them: a new name brings its own.
    setMine(picks) {
      mine = new Map();
      for (const pick of picks ?? []) addMine(pick);
    },
    // What `hello` and `welcome` greet a page with.
    greet(message) {
      for (const tally of message.tallies ?? []) addTally(tally);
      addStandings(message.standings);
    },
    choiceOf(forLoop, predictionId) {
      return forLoop === loop ? mine.get(predictionId)?.choice ?? null : null;
    },
    // {option id: standing picks} of `prediction`, every option listed.
    shareOf(forLoop, prediction) {
      const counts = Object.fromEntries(prediction.options.map((option) => [option.id, 0]));
      const tally = forLoop === loop ? shares.get(prediction.id) : null;
      for (const [choice, count] of Object.entries(tally?.counts ?? {})) {
        if (Object.hasOwn(counts, choice)) counts[choice] = count;
      }
      return counts;
    },
    // The summaries of `forLoop` the room was sent, fewest resolved first.
    summaries(forLoop) {
      return forLoop === loop ? summaries : [];
    },
  };
}

export function labelOf(prediction, optionId) {
  return prediction.options.find((option) => option.id === optionId)?.label ?? optionId;
}
