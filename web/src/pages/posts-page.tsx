/**
 * The posts monitor: paste posts (one per line) or upload a JSONL file of `{"id","text"}`, and
 * see which offer or seek personal data, with the seller's contacts and the PI types sampled.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../api/client.ts';
import type { PostResult } from '../api/types.ts';
import { DataTable } from '../components/data-table.tsx';
import { Status } from '../components/status.tsx';
import { formatNumber } from '../format.ts';

interface Post {
  id: string;
  text: string;
}

/**
 * Reads posts from pasted text (one per line) or JSONL (`{"id","text"}` per line).
 *
 * @example
 * parsePosts('出售车主资料 加V\n今天天气不错') // [{id:'1',text:…},{id:'2',text:…}]
 */
export function parsePosts(input: string): Post[] {
  const posts: Post[] = [];
  let n = 0;
  for (const line of input.split(/\r?\n/)) {
    const s = line.trim();
    if (s === '') continue;
    n++;
    if (s.startsWith('{')) {
      try {
        const o = JSON.parse(s) as { id?: unknown; text?: unknown };
        if (typeof o.text === 'string') {
          posts.push({ id: o.id === undefined ? String(n) : String(o.id), text: o.text });
          continue;
        }
      } catch {
        // Not JSON after all: take the line as a post.
      }
    }
    posts.push({ id: String(n), text: s });
  }
  return posts;
}

/**
 * @example
 * <PostsPage />
 */
export function PostsPage() {
  const { t } = useTranslation();
  const textId = useId();
  const fileId = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<PostResult[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>(undefined);
  const posts = parsePosts(text);
  const byId = new Map(posts.map((p) => [p.id, p.text]));

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await apiPost<{ results: PostResult[] }>('/posts/classify', { posts });
      setResults(r.results);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('posts.title')}</h1>
      <form className="card" onSubmit={(e) => void submit(e)}>
        <p className="muted">{t('posts.help')}</p>
        <label htmlFor={textId}>{t('posts.text')}</label>
        <textarea
          id={textId}
          rows={8}
          value={text}
          data-testid="posts-text"
          onChange={(e) => setText(e.target.value)}
        />
        <label htmlFor={fileId}>{t('posts.file')}</label>
        <input
          id={fileId}
          type="file"
          accept=".jsonl,.txt,.json,text/plain"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f !== undefined) void f.text().then(setText);
          }}
        />
        <button type="submit" disabled={busy || posts.length === 0}>
          {t('posts.submit', { count: posts.length })}
        </button>
      </form>
      <Status loading={busy} error={error} />
      {results !== null && (
        <section aria-labelledby="po-results" className="card">
          <h2 id="po-results">{t('posts.results')}</h2>
          <DataTable
            caption={t('posts.caption', {
              flagged: results.filter((r) => r.label === 'pi_trade').length,
              count: results.length,
            })}
            testId="posts-results"
            rows={results}
            rowKey={(r) => r.id}
            columns={[
              { key: 'id', header: 'ID', render: (r) => r.id },
              {
                key: 'label',
                header: t('posts.label'),
                render: (r) => (
                  <span className={r.label === 'pi_trade' ? 'tag tag-bad' : 'tag'}>
                    {t(r.label === 'pi_trade' ? 'posts.piTrade' : 'posts.other')}
                  </span>
                ),
              },
              {
                key: 'score',
                header: t('alert.score'),
                numeric: true,
                render: (r) => formatNumber(r.score, 3),
              },
              {
                key: 'contacts',
                header: t('posts.contacts'),
                render: (r) => r.contacts.join(', '),
              },
              { key: 'pii', header: t('posts.piiTypes'), render: (r) => r.pii_types.join(', ') },
              { key: 'text', header: t('posts.post'), render: (r) => byId.get(r.id) ?? '' },
            ]}
          />
        </section>
      )}
    </>
  );
}
