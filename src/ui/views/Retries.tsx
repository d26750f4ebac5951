import type { ReactElement } from 'react';
import { Blank, Line } from '../components/Line.js';
import { Title, UnavailableLine } from '../components/Blocks.js';
import { fmtInt, fmtMs, fmtSpan, padEnd, truncate } from '../format.js';
import { whyUnavailable } from '../model.js';
import { Styled, useClean, useGlyphs, type Tone } from '../theme.js';
import type { ViewProps } from './common.js';

const KEY_W = 24;

function Row({ label, value, tone = 'plain', note, width }: { label: string; value: string; tone?: Tone; note?: string; width: number }) {
  const glyphs = useGlyphs();
  return (
    <Line>
      <Styled tone="muted">{padEnd(`  ${label}`, KEY_W)}</Styled>
      <Styled tone={tone}>{value}</Styled>
      {note ? <Styled tone="muted">{`  ${truncate(note, Math.max(0, width - KEY_W - value.length - 2), glyphs.ellipsis)}`}</Styled> : null}
    </Line>
  );
}

/** The resource name at the end of an ARN. */
function shortArn(arn: string): string {
  const i = Math.max(arn.lastIndexOf(':'), arn.lastIndexOf('/'));
  return i >= 0 ? arn.slice(i + 1) : arn;
}

function countTone(n: number | null | undefined): Tone {
  return n == null ? 'muted' : n > 0 ? 'bad' : 'good';
}

export function RetriesView({ report, width }: ViewProps) {
  const clean = useClean();
  const glyphs = useGlyphs();
  const r = report.retries;
  const f = report.function;
  if (!r) {
    return (
      <>
        <Title>Retries & DLQ</Title>
        <UnavailableLine reasons={whyUnavailable(report, 'retries')} width={width} />
      </>
    );
  }
  const lines: ReactElement[] = [];
  const a = r.async;
  lines.push(<Title key="a-title" note="AWS/Lambda metrics">Async invocations</Title>);
  if (a) {
    lines.push(
      <Row key="recv" label="Events received" value={fmtInt(a.received)} width={width} />,
      <Row key="drop" label="Events dropped" value={fmtInt(a.dropped)} tone={countTone(a.dropped)} note="lost: expired or out of retries" width={width} />,
      <Row key="dle" label="Dead-letter errors" value={fmtInt(a.deadLetterErrors)} tone={countTone(a.deadLetterErrors)} note="failed sends to the DLQ" width={width} />,
      <Row key="dest" label="Destination failures" value={fmtInt(a.destinationFailures)} tone={countTone(a.destinationFailures)} note="failed sends to a destination" width={width} />,
      <Row key="age" label="Max event age" value={fmtMs(a.maxEventAgeMs)} width={width} />,
    );
  } else {
    lines.push(<UnavailableLine key="a-u" what="  async metrics" reasons={whyUnavailable(report, 'retries')} width={width} />);
  }
  lines.push(<Blank key="b1" />);

  lines.push(<Title key="c-title" note="event invoke config">Retry configuration</Title>);
  lines.push(
    <Row key="attempts" label="Retry attempts" value={f.retryAttempts != null ? String(f.retryAttempts) : 'default (2)'} width={width} />,
    <Row key="maxage" label="Max event age" value={f.maxEventAgeSec != null ? fmtSpan(f.maxEventAgeSec * 1000) : 'default (6 h)'} width={width} />,
    <Row key="onfail" label="On failure" value={truncate(clean(f.destinations?.onFailure ?? 'none'), Math.max(0, width - KEY_W), glyphs.ellipsis)} tone={f.destinations?.onFailure ? 'plain' : 'muted'} width={width} />,
  );
  lines.push(<Blank key="b2" />);

  const q = r.dlq;
  lines.push(<Title key="d-title">Dead-letter queue</Title>);
  if (q) {
    lines.push(
      <Row key="dlq-conf" label="Configured" value={q.configured ? 'yes' : 'no'} tone={q.configured ? 'good' : 'warn'} note={q.configured ? undefined : 'failed async events are lost after retries'} width={width} />,
    );
    if (q.target) lines.push(<Row key="dlq-target" label="Target" value={truncate(clean(q.target), Math.max(0, width - KEY_W), glyphs.ellipsis)} width={width} />);
    if (q.configured) {
      const depthNote =
        q.messagesVisible == null
          ? q.targetKind === 'sns'
            ? 'an SNS topic has no depth'
            : 'no SQS depth metric in the window'
          : q.messagesVisibleMax != null
            ? `now; ${fmtInt(q.messagesVisibleMax)} at most in the window`
            : 'now (ApproximateNumberOfMessagesVisible)';
      lines.push(
        <Row key="dlq-depth" label="Messages waiting" value={q.messagesVisible != null ? fmtInt(q.messagesVisible) : 'unknown'} tone={q.messagesVisible ? 'warn' : 'plain'} note={depthNote} width={width} />,
      );
    }
  } else {
    lines.push(<Row key="dlq-none" label="Configured" value={f.dlqTarget ? clean(f.dlqTarget) : 'unknown'} tone="muted" width={width} />);
  }
  const es = r.eventSources ?? [];
  if (es.length > 0) {
    lines.push(<Blank key="e-b" />);
    lines.push(<Title key="e-t" note="polling side">Event sources</Title>);
    for (const [i, e] of es.entries()) {
      const parts = [
        e.iteratorAgeMaxMs != null ? `iterator age max ${fmtMs(e.iteratorAgeMaxMs)}` : null,
        e.backlogMax != null ? `backlog max ${fmtInt(e.backlogMax)}` : null,
        e.redriveMessagesVisible != null ? `DLQ ${fmtInt(e.redriveMessagesVisible)} waiting` : null,
        e.onFailure ? `on failure ${shortArn(e.onFailure)}` : e.redriveTarget ? `DLQ ${shortArn(e.redriveTarget)}` : null,
      ].filter((x): x is string => x != null);
      lines.push(
        <Row key={`e-${i}`} label={`${e.type} ${shortArn(e.source ?? '')}`} value={parts.join(` ${glyphs.dot} `) || 'no metrics'} tone={e.redriveMessagesVisible ? 'warn' : 'plain'} width={width} />,
      );
    }
  }
  if (r.duplicateRequestIds != null) {
    lines.push(<Blank key="b3" />);
    lines.push(
      <Row
        key="dups"
        label="Retried request ids"
        value={fmtInt(r.duplicateRequestIds)}
        tone={r.duplicateRequestIds > 0 ? 'warn' : 'good'}
        note={r.invocationsCovered != null ? `seen more than once in logs, of ${fmtInt(r.invocationsCovered)} invocations` : 'seen more than once in logs'}
        width={width}
      />,
    );
  }
  return <>{lines}</>;
}
