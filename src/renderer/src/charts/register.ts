// Registers the Chart.js parts ExitScope uses, and only those, so the bundle tree-shakes the
// rest. Imported once, by ChartCanvas.vue. Defaults for fonts and colours are set here too.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { COLORS, FONT_UI } from './theme';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = FONT_UI;
Chart.defaults.font.size = 11;
Chart.defaults.color = COLORS.text;

export { Chart };
