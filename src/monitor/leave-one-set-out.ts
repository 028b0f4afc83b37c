/**
 * Leave-one-set-out evaluation of the post classifier: for each labelled set X, retrain the
 * n-gram model on every training set except X and measure precision and recall on X. For a set
 * written by an independent author this is the honest estimate of what a fresh author's posts
 * will see (the lexicon may still have been tuned on X, so it errs on the optimistic side).
 *
 * Run: `node --import tsx src/monitor/leave-one-set-out.ts [--sets indep1,indep2|all] [--l2 X]
 * [--min-docs N] [--epochs N] [--misses]`. `--misses` prints the texts got wrong, except those of
 * the held-out sets.
 */
import { fileURLToPath } from 'node:url';
import { classifyPost } from './post-classifier.ts';
import {
  DEFAULT_TRAINING,
  HELD_OUT_SETS,
  TRAINING_SETS,
  loadLabelledPosts,
  trainNgramModel,
  type TrainingOptions,
  type TrainingPost,
} from './ngram-model-trainer.ts';

/** Precision, recall and the posts got wrong, of one set. */
export interface SetMeasure {
  set: string;
  posts: number;
  precision: number;
  recall: number;
  falsePositives: number;
  falseNegatives: number;
  /** Indexes (in the set's file) of the posts got wrong. */
  wrong: number[];
}

/**
 * Measures `set` with the n-gram model trained on `trainSets` minus `set`.
 *
 * @example
 * const m = leaveOneSetOut('indep6', ['corpus', 'indep1']);
 * m.recall >= 0 && m.recall <= 1 // true
 */
export function leaveOneSetOut(
  set: string,
  trainSets: readonly string[],
  options: TrainingOptions = DEFAULT_TRAINING,
): SetMeasure {
  const train: TrainingPost[] = trainSets
    .filter((s) => s !== set)
    .flatMap((s) => loadLabelledPosts(s));
  const model = trainNgramModel(train, options);
  const posts = loadLabelledPosts(set);
  lastModel = model;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const wrong: number[] = [];
  posts.forEach((p, i) => {
    const predicted = classifyPost(p.text, model).label === 'pi_trade';
    const actual = p.label === 'pi_trade';
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
    if (predicted !== actual) wrong.push(i);
  });
  return {
    set,
    posts: posts.length,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    falsePositives: fp,
    falseNegatives: fn,
    wrong,
  };
}

let lastModel: ReturnType<typeof trainNgramModel> | undefined;

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const options: TrainingOptions = {
    ...DEFAULT_TRAINING,
    ...(argValue('--l2') ? { l2: Number(argValue('--l2')) } : {}),
    ...(argValue('--min-docs') ? { minDocs: Number(argValue('--min-docs')) } : {}),
    ...(argValue('--epochs') ? { epochs: Number(argValue('--epochs')) } : {}),
  };
  // Default: the sets by independent authors, trained or held out.
  const named = argValue('--sets');
  const sets =
    named === 'all'
      ? [...TRAINING_SETS, ...HELD_OUT_SETS]
      : (
          named ??
          'indep1,indep2,indep3,indep4,indep5,indep6,indep7,indep8,indep9,indep10,indep11,indep12,indep14'
        ).split(',');
  const trainSets: string[] = [...TRAINING_SETS];
  let fp = 0;
  let fn = 0;
  for (const set of sets) {
    const m = leaveOneSetOut(set, trainSets, options);
    fp += m.falsePositives;
    fn += m.falseNegatives;
    console.log(
      `${set}: ${m.posts} posts, P ${m.precision.toFixed(3)} R ${m.recall.toFixed(3)} ` +
        `(FP ${m.falsePositives}, FN ${m.falseNegatives})`,
    );
    // Held-out sets are measured, never read: printing their misses would invite tuning on them.
    if (process.argv.includes('--misses') && !HELD_OUT_SETS.includes(set)) {
      const posts = loadLabelledPosts(set);
      const model = lastModel!;
      for (const i of m.wrong) {
        const p = posts[i]!;
        const score = classifyPost(p.text, model).score;
        console.log(
          `  ${p.label === 'pi_trade' ? 'FN' : 'FP'} ${score} ${p.text.replace(/\n/g, ' ')}`,
        );
      }
    }
  }
  console.log(`total: FP ${fp}, FN ${fn}, errors ${fp + fn}`);
}
