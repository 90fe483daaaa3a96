"""Charts as data (`spec`), built from metric results (`build`), drawn by two renderers: ECharts
on the pages (`echarts`), plotly for image exports and the briefing (`figure`). `palette` gives
every category value its colour; `labels` names dimensions and values in Chinese or English."""
