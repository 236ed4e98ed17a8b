// The picks of the loop being played, as the relay tells them: the standing (latest) pick of
// each name on each prediction. `hello` and `welcome` bring the picks so far, `pick` messages
// the rest; the same pick may come twice (in `welcome` and relayed), so the server's `at` decides.

export function createPickBook() {
  let loop = null;
  let standing = new Map(); // JSON [name, prediction] → pick

  function add(pick) {
    if (loop === null || pick.loop > loop) {
      loop = pick.loop;
      standing = new Map();
    }
    if (pick.loop !== loop) return;
    const key = JSON.stringify([pick.name, pick.prediction]);
    const known = standing.get(key);
    if (!known || pick.at >= known.at) standing.set(key, pick);
  }

  return {
    add,
    addAll(picks) {
      for (const pick of picks ?? []) add(pick);
    },
    // The standing picks of `forLoop`: none once the page's clock has moved past the book's loop.
    picks(forLoop) {
      return forLoop === loop ? [...standing.values()] : [];
    },
    choiceOf(name, forLoop, predictionId) {
      return forLoop === loop ? standing.get(JSON.stringify([name, predictionId]))?.choice ?? null : null;
    },
  };
}

// {option id: number of standing picks}, the live share of a prediction (like a broadcast poll).
export function shareOf(picks, prediction) {
  const counts = Object.fromEntries(prediction.options.map((option) => [option.id, 0]));
  for (const pick of picks) {
    if (pick.prediction === prediction.id && Object.hasOwn(counts, pick.choice)) counts[pick.choice] += 1;
  }
  return counts;
}

export function labelOf(prediction, optionId) {
  return prediction.options.find((option) => option.id === optionId)?.label ?? optionId;
}
