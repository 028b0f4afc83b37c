/**
 * An ECharts chart as a React component. Only the chart types and components the dashboard uses
 * are imported, and the SVG renderer is used: smaller bundle, crisp print, and the drawn series
 * are inspectable in the DOM (the browser tests look for them). The chart is an image to
 * assistive technology, named by `label`; pages print the numbers next to it as well.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  MarkLineComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  MarkLineComponent,
  SVGRenderer,
]);

export interface ChartProps {
  option: EChartsCoreOption;
  /** Accessible name of the chart. */
  label: string;
  height?: number;
  testId?: string;
}

/**
 * @example
 * <Chart label="Alerts per day" option={{ xAxis: {...}, yAxis: {}, series: [...] }} />
 */
export function Chart({ option, label, height = 280, testId }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (el.current === null) return;
    const c = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const onResize = (): void => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    // Animation off: charts are read, not watched, and screenshots must show the final state.
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option]);
  return (
    <div
      ref={el}
      className="chart"
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ height }}
    />
  );
}
