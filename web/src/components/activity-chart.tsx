/**
 * An actor's daily activity against the peer band: the band (peer low to peer high) drawn as a
 * shaded area stacked on an invisible base, the peer median dashed, the actor's own line on top.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivitySeries } from '../api/types.ts';
import { Chart } from './chart.tsx';

/**
 * @example
 * <ActivityChart series={s} highlightDay="2026-03-02" />
 */
export function ActivityChart({
  series,
  highlightDay,
}: {
  series: ActivitySeries;
  highlightDay?: string;
}) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const band = series.peerHigh.map((h, i) => Math.max(0, h - (series.peerLow[i] ?? 0)));
    return {
      tooltip: { trigger: 'axis' },
      legend: {
        top: 0,
        data: [t('activity.actor'), t('activity.peerMedian'), t('activity.peerBand')],
      },
      grid: { left: 48, right: 56, top: 56, bottom: 32 },
      xAxis: { type: 'category', data: series.days, boundaryGap: false },
      yAxis: { type: 'value', name: t('activity.customersPerDay') },
      dataZoom: [{ type: 'inside' }],
      series: [
        {
          name: 'base',
          type: 'line',
          data: series.peerLow,
          stack: 'band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          tooltip: { show: false },
        },
        {
          name: t('activity.peerBand'),
          type: 'line',
          data: band,
          stack: 'band',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          areaStyle: { color: 'rgba(37, 99, 235, 0.18)' },
        },
        {
          name: t('activity.peerMedian'),
          type: 'line',
          data: series.peerMedian,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#2563eb' },
        },
        {
          name: t('activity.actor'),
          type: 'line',
          data: series.values,
          symbol: 'circle',
          symbolSize: 4,
          lineStyle: { color: '#c2410c', width: 2 },
          itemStyle: { color: '#c2410c' },
          markLine:
            highlightDay === undefined
              ? undefined
              : {
                  symbol: 'none',
                  data: [{ xAxis: highlightDay }],
                  label: { formatter: highlightDay, position: 'insideEndTop' },
                },
        },
      ],
    };
  }, [series, highlightDay, t]);
  return (
    <>
      {series.peers !== undefined && (
        <p className="muted" data-testid="peer-group">
          {t('activity.peers', {
            role: series.role ?? '—',
            branch: series.branch ?? '—',
            peers: series.peers,
          })}
        </p>
      )}
      <Chart
        option={option}
        label={t('activity.chartLabel')}
        height={320}
        testId="activity-chart"
      />
    </>
  );
}
