"""演示数据 Demo-data studio: datasets (switch, download, delete) and calibrated generation.

A presenter picks a preset or types a target table, sees the KPIs the data will show before
generating, and generates into the current dataset or a new named one. Everything generated is
synthetic: names, ID numbers and phone numbers are made up, so the dataset download keeps them
as they are (and re-imports unchanged); every other export masks them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from cgw.domain import access
from cgw.ingest.generator import studio
from cgw.ingest.generator import targets as tg
from cgw.outputs import dataset_export, exports
from cgw.storage import database, datasets
from cgw.webui import actions, data, state
from cgw.webui.exports import MIME
from cgw.webui.i18n import lang, tr
from metrics import catalogue, formatting
from pages import page

ss = st.session_state
PERCENT = ("under_40_share", "college_share", "certified_share")
OPTIONAL = ("partners", "issues_resolved", "wishes_fulfilled")
# Preset and dataset names as a presenter reads them (the presets' ids stay in files and the CLI).
PRESET_NAME = {"kuiwen": ("奎文区", "Kuiwen"), "hongtong": ("洪洞县", "Hongtong"), "province": ("全省规模", "Province"),
               "custom": ("自定义目标", "custom targets")}
PRESET_TEXT = {
    "kuiwen": ("奎文区 · 专业化社工队伍（65个社区）", "Kuiwen · professional workforce (65 communities)"),
    "hongtong": ("洪洞县 · 幸福合伙人（42个社区）", "Hongtong · happiness partners (42 communities)"),
    "province": ("全省规模 · 约7000个社区、2000万行", "Province scale · ~7,000 communities, ~20M rows"),
}
# What the preview and the result compare: (metric id, the form field it answers to).
PREVIEW_ROWS = (
    ("resident_population", "population"),
    ("communities", "communities"),
    ("active_workers", None),
    ("workers_per_10k", "workers_per_10k"),
    ("under_40_share", "under_40_share"),
    ("college_share", "college_share"),
    ("certified_share", "certified_share"),
    ("secretary_avg_age", "secretary_avg_age"),
    ("secretaries", None),
    ("new_secretaries_3y", None),
    ("open_recruits_4y", None),
    ("reserve_90s_head", None),
    ("reserve_90s_deputy", None),
    ("reserve_90s_committee", None),
    ("partners", "partners"),
    ("issues_resolved", "issues_resolved"),
    ("wishes_fulfilled", "wishes_fulfilled"),
)
BIG_ROWS = 2_000_000


# --- state helpers (run as callbacks, before the sidebar's widgets exist) ------------------------


def _switch_to(name: str) -> None:
    """Make `name` the session's dataset; region and date go back to that dataset's defaults."""
    ss["dataset"] = name
    ss["region"] = None
    ss.pop("as_of", None)
    for key in [k for k in ss if isinstance(k, str) and k.startswith("region_select_")]:
        del ss[key]


def _picked_dataset() -> None:
    _switch_to(ss["studio_dataset"])


def _close_result() -> None:
    ss.pop("_studio_result", None)


def _request_generation() -> None:
    ss["_studio_go"] = True


def _dataset_name(name: str) -> str:
    return tr("默认数据集", "Default dataset") if name == datasets.DEFAULT_NAME else name


def _load_preset() -> None:
    t = tg.PRESETS[ss["studio_preset"]]
    for key, value in studio.form_values(t).items():
        ss[f"studio_{key}"] = round(value * 100, 1) if key in PERCENT else value
    ss["studio_scale"] = 1.0


def _delete(name: str) -> None:
    try:
        if name == ss.get("dataset"):
            _switch_to(datasets.DEFAULT_NAME)
        actions.delete_dataset(name)  # checked and recorded in the audit trail
    except (ValueError, OSError, access.AccessDenied) as e:
        ss["_studio_flash"] = ("error", tr(f"删除失败：{e}", f"Could not delete: {e}"))
    else:
        ss["_studio_flash"] = ("success", tr(f"已删除数据集「{name}」。", f"Deleted dataset “{name}”."))
    ss["studio_delete_confirm"] = False


# --- formatting ---------------------------------------------------------------------------------


def _fmt(metric_id: str, value: float | None, auto: str | None = None) -> str:
    if value is None:
        return auto or formatting.MISSING
    return formatting.value(catalogue.get(metric_id), value, lang())


def _label(metric_id: str) -> str:
    return catalogue.get(metric_id).label(lang())


def _free_name(base: str) -> str:
    """`base`, or base-2, base-3 … when a dataset of that name exists."""
    name, i = base, 1
    while datasets.exists(name, data.default_db_path()):
        i += 1
        name = f"{base}-{i}"
    return name


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} KB"


# --- page ---------------------------------------------------------------------------------------

view = state.current()  # first: it may rerun the script, so nothing below runs twice
st.title(page("studio").heading(lang()))
st.caption(tr(
    "为演示和培训生成逼真的合成数据：选择预设或填写目标，生成前即可预览看板将显示的指标。"
    "合成数据中的姓名、身份证号和手机号均为随机虚构，不对应任何真实人员。",
    "Realistic synthetic data for demos and training: pick a preset or type targets and see the KPIs "
    "before generating. Names, ID and phone numbers are made up and belong to nobody."))

flash = ss.pop("_studio_flash", None)
if flash:
    getattr(st, flash[0])(flash[1])

# --- 1. datasets ----------------------------------------------------------------------------------

all_sets = datasets.list_datasets(data.default_db_path())
names = [d.name for d in all_sets]
current = ss.get("dataset", datasets.DEFAULT_NAME)
if current not in names:
    current = datasets.DEFAULT_NAME
sizes = {d.name: database.size_bytes(d.path) for d in all_sets}
info = data.dataset_info()

with st.container(border=True):
    st.subheader(tr("数据集", "Datasets"))
    ss["studio_dataset"] = current
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    left.selectbox(
        tr("当前数据集", "Current dataset"), names, key="studio_dataset", on_change=_picked_dataset,
        format_func=lambda n: _dataset_name(n)
        + f" · {_size(sizes.get(n, 0))}",
        help=tr("切换后所有页面显示该数据集；链接中的 dataset 参数记录当前数据集。",
                "Every page shows the chosen dataset; the link's dataset parameter records it."),
    )
    with right:
        preset = info.get("preset", "—")
        preset = tr(*PRESET_NAME.get(preset, (preset, preset)))
        bits = [
            tr("预设", "preset") + f" {preset}",
            tr("随机种子", "seed") + f" {info.get('seed', '—')}",
            tr("统计日", "as of") + f" {info.get('as_of', '—')}",
            tr("生成于", "generated") + f" {info.get('generated_at', '—').replace('T', ' ')}",
        ]
        st.markdown(" · ".join(bits))

    summary = datasets.summary(data.connection(), current, data.db_path())
    cols = st.columns([1.2, 1.2, 1.2, 1], vertical_alignment="center")
    cols[0].metric(tr("数据行数", "Rows"), f"{summary.total_rows:,}")
    cols[1].metric(tr("在岗社工", "Active workers"),
                   _fmt("active_workers", data.evaluate(["active_workers"], view.filters)["active_workers"]))
    cols[2].metric(tr("文件大小", "File size"), _size(summary.size_bytes))
    with cols[3]:
        if summary.synthetic:
            st.success(tr("合成数据", "Synthetic"), icon=":material/verified_user:")
        else:
            st.warning(tr("含导入数据", "Contains imports"), icon=":material/shield_person:")

    con = data.connection()
    is_synthetic = summary.synthetic
    stem = exports.file_stem(tr("演示数据", "demo-data"), current, info.get("as_of", ""))
    readme = dataset_export.export_readme(is_synthetic)
    too_big_for_excel = max(summary.rows.values() or [0]) > exports.XLSX_MAX_ROWS
    d1, d2, d4 = st.columns(3)  # the briefing report is in the sidebar on every page
    d1.download_button(
        tr("下载 ZIP（CSV）", "ZIP of CSVs"),
        data=actions.audited(lambda: dataset_export.export_zip(con, mask=not is_synthetic, readme=readme), "export",
                             f"{stem}.zip"),
        file_name=f"{stem}.zip", mime="application/zip", on_click="ignore", width="stretch", key="studio_zip",
        icon=":material/folder_zip:",
        help=tr("每张表一个 CSV（UTF-8 带 BOM），文件名前的序号即导入顺序。",
                "One CSV per table (UTF-8 with BOM); the number in front is the import order."),
    )
    d2.download_button(
        tr("下载 Excel", "Excel workbook"),
        data=actions.audited(lambda: dataset_export.export_xlsx(con, mask=not is_synthetic), "export", f"{stem}.xlsx"),
        file_name=f"{stem}.xlsx", mime=MIME["xlsx"], on_click="ignore", width="stretch", key="studio_xlsx",
        icon=":material/table_view:",
        disabled=too_big_for_excel,
        help=tr("一个工作簿，每张表一个工作表。", "One workbook, one sheet per table.")
        if not too_big_for_excel else tr("有表超过 Excel 的行数上限，请下载 ZIP。", "A table exceeds Excel's row limit: use the ZIP."),
    )
    with d4:
        deletable = [n for n in names if n != datasets.DEFAULT_NAME]
        with st.popover(tr("删除数据集", "Delete a dataset"), icon=":material/delete:", width="stretch", disabled=not deletable,
                        key="studio_delete_popover"):
            victim = st.selectbox(tr("要删除的数据集", "Dataset to delete"), deletable, key="studio_delete_pick")
            confirm = st.checkbox(tr(f"我确认删除「{victim}」，删除后不能恢复", f"I confirm deleting “{victim}”; this cannot be undone"),
                                  key="studio_delete_confirm")
            st.button(tr("删除", "Delete"), type="primary", disabled=not confirm, on_click=_delete, args=(victim,),
                      key="studio_delete_button", width="stretch")
            st.caption(tr("默认数据集不能删除，可在下方用新目标重新生成。",
                          "The default dataset cannot be deleted; regenerate it below instead."))
    if is_synthetic:
        st.caption(tr(
            "下载文件中的身份证号和手机号未脱敏：它们是生成器随机编造的虚构号码（校验位合法），保留原样才能通过数据导入页原样导入。",
            "The download keeps ID and phone numbers unmasked: they are invented by the generator (valid check "
            "digits) and must stay as they are to re-import unchanged."))
    else:
        st.caption(tr(
            "本数据集含导入的真实名册，下载时身份证号和手机号已脱敏，因此不能再原样导入。",
            "This dataset holds imported rosters: ID and phone numbers are masked in the download, so it cannot "
            "be re-imported as is."))

# --- 2. the last generation: preview against what the data show ------------------------------------

done = ss.get("_studio_result")
if done and done["dataset"] == ss.get("dataset") and data.root_region():
    with st.container(border=True):
        head, close = st.columns([5, 1], vertical_alignment="center")
        head.subheader(tr("生成结果", "Generated"))
        close.button(tr("关闭", "Close"), type="tertiary", icon=":material/close:", key="studio_result_close",
                     on_click=_close_result)
        st.success(tr(
            f"已生成数据集「{done['dataset']}」：{done['rows']:,} 行，用时 {done['seconds']:.1f} 秒，已切换到该数据集。",
            f"Generated “{done['dataset']}”: {done['rows']:,} rows in {done['seconds']:.1f} s; now showing it."))
        filters = view.filters.in_region(data.root_region())
        filters = filters.at(done["as_of"])
        ids = [mid for mid, _ in PREVIEW_ROWS]
        actual = data.evaluate(ids, filters)
        rows = []
        for mid in ids:
            expected = done["preview"].get(mid)
            shown, want = _fmt(mid, actual[mid]), _fmt(mid, expected, None)
            rows.append({
                tr("指标", "KPI"): _label(mid),
                tr("预览", "Preview"): want if expected is not None else tr("按规模自动", "automatic"),
                tr("看板显示", "Dashboard shows"): shown,
                tr("一致", "Match"): "✓" if expected is None or shown == want else "✗",
            })
        half = 8
        left, right = st.columns(2)
        for col, part in ((left, rows[:half]), (right, rows[half:])):
            col.dataframe(pd.DataFrame(part), hide_index=True, width="stretch", height=35 * (len(part) + 1) + 3)

# --- 3. generate ----------------------------------------------------------------------------------

if "studio_preset" not in ss:
    ss["studio_preset"] = "kuiwen"
    _load_preset()
for key in ("studio_as_of", "studio_seed", "studio_destination"):
    ss.setdefault(key, {"studio_as_of": tg.DEFAULT_AS_OF, "studio_seed": 1, "studio_destination": "new"}[key])

with st.container(border=True):
    st.subheader(tr("生成演示数据", "Generate demo data"))
    st.radio(tr("预设", "Preset"), list(tg.PRESETS), key="studio_preset", on_change=_load_preset, horizontal=True,
             format_func=lambda p: tr(*PRESET_TEXT.get(p, (p, p))),
             help=tr("选择预设会把下面的目标表重置为该预设的数值；改动任意一项即为自定义目标。",
                     "Choosing a preset resets the target table below; changing any value makes custom targets."))
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        st.markdown(tr("**规模**", "**Size**"))
        st.number_input(tr("常住人口", "Resident population"), min_value=500, max_value=200_000_000, step=10_000,
                        key="studio_population")
        st.number_input(tr("街道（乡镇）数", "Streets / towns"), min_value=1, max_value=999, step=1, key="studio_streets")
        st.number_input(tr("社区数", "Communities"), min_value=1, max_value=99_000, step=1, key="studio_communities")
    with c2:
        st.markdown(tr("**队伍结构目标**", "**Workforce targets**"))
        st.number_input(tr("每万常住人口社工数（人）", "Workers per 10,000 residents"), min_value=2.0, max_value=100.0,
                        step=0.1, format="%.1f", key="studio_workers_per_10k")
        st.number_input(tr("40周岁以下占比（%）", "Share under 40 (%)"), min_value=0.0, max_value=100.0, step=0.1,
                        format="%.1f", key="studio_under_40_share")
        st.number_input(tr("大专及以上学历占比（%）", "College or above (%)"), min_value=0.0, max_value=100.0, step=0.1,
                        format="%.1f", key="studio_college_share")
    with c3:
        st.markdown("&nbsp;")
        st.number_input(tr("持证比例（%）", "Certified share (%)"), min_value=0.0, max_value=100.0, step=0.1,
                        format="%.1f", key="studio_certified_share")
        st.number_input(tr("书记平均年龄（岁）", "Secretaries' average age"), min_value=20.0, max_value=65.0, step=0.1,
                        format="%.1f", key="studio_secretary_avg_age")
    with c4:
        st.markdown(tr("**服务目标**（留空则按规模自动）", "**Service targets** (empty: sized automatically)"))
        st.number_input(tr("幸福合伙人（家）", "Partners"), min_value=0, step=1, value=None, key="studio_partners")
        st.number_input(tr("联席会议解决民生难题（件）", "Issues resolved via joint meetings"), min_value=0, step=1,
                        value=None, key="studio_issues_resolved")
        st.number_input(tr("累计完成微心愿（个）", "Wishes fulfilled"), min_value=0, step=1, value=None,
                        key="studio_wishes_fulfilled")
    o1, o2, o3 = st.columns(3)
    o1.date_input(tr("统计日", "As-of date"), key="studio_as_of", min_value=dt.date(2010, 1, 1),
                  max_value=dt.date(2100, 12, 31), format="YYYY-MM-DD")
    o2.number_input(tr("随机种子", "Seed"), min_value=0, max_value=2**31 - 1, step=1, key="studio_seed",
                    help=tr("相同的目标和种子总是生成完全相同的数据。", "The same targets and seed always give the same data."))
    o3.number_input(tr("规模倍数", "Scale"), min_value=0.1, max_value=20.0, step=0.1, format="%.1f", key="studio_scale",
                    help=tr("人口、街道、社区和服务数量同乘此倍数，各项比例不变。",
                            "Multiplies population, streets, communities and service counts; shares stay."))

    values = {}
    for key in studio.FORM_FIELDS:
        v = ss.get(f"studio_{key}")
        if v is not None and key in PERCENT:
            v = round(float(v) / 100, 6)
        elif v is not None and key in ("population", "streets", "communities", *OPTIONAL):
            v = int(v)
        elif v is not None:
            v = float(v)
        values[key] = v
    t, plan, problem = None, None, None
    try:
        t = studio.targets_from_form(ss["studio_preset"], values, float(ss["studio_scale"]))
        plan = studio.preview(t)
    except tg.TargetError as e:
        problem = str(e)

    st.markdown(tr("**生成前预览：看板将显示的指标**", "**Preview: the KPIs the dashboard will show**"))
    if problem:
        st.error(tr(f"这组目标无法同时满足：{problem}", f"These targets cannot all be met: {problem}"),
                 icon=":material/block:")
    else:
        rows = []
        for mid, field in PREVIEW_ROWS:
            target = getattr(t, field) if field else None
            rows.append({
                tr("指标", "KPI"): _label(mid),
                tr("目标", "Target"): _fmt(mid, target, tr("自动", "auto")) if field else "",
                tr("生成后", "Will show"): _fmt(mid, plan.values[mid], tr("按规模自动", "sized automatically")),
            })
        half = 8  # population … secretaries' age | secretaries … services
        left, right = st.columns(2)
        for col, part in ((left, rows[:half]), (right, rows[half:])):
            col.dataframe(pd.DataFrame(part), hide_index=True, width="stretch", height=35 * (len(part) + 1) + 3)
        st.caption(tr(
            f"预计约 {plan.estimated_rows:,} 行。常住人口可能微调（±2.5%以内），使各项比例都能由整数人数精确得到。",
            f"About {plan.estimated_rows:,} rows. The population may move slightly (within ±2.5%) so every share "
            "is reachable with whole head-counts."))
        if plan.estimated_rows > BIG_ROWS:
            st.warning(tr(
                "数据量很大：在页面中生成需要数分钟并占用数 GB 内存。建议使用命令行："
                "`python cli.py demo --preset province --db data/datasets/province.duckdb`。",
                "Very large: generating here takes minutes and several GB of memory. Prefer the command line: "
                "`python cli.py demo --preset province --db data/datasets/province.duckdb`."))

    if current == datasets.DEFAULT_NAME:  # the live data are never replaced from the studio
        ss["studio_destination"] = "new"
    st.radio(
        tr("生成到", "Generate into"), ("new", "active"), key="studio_destination", horizontal=True,
        disabled=current == datasets.DEFAULT_NAME,
        help=tr("演示数据只能生成到命名数据集；正式数据（default）不能在这里替换。",
                "Demo data go into named datasets; the live data (default) cannot be replaced here."),
        format_func=lambda d: tr("新建数据集", "A new dataset") if d == "new"
        else tr(f"替换当前数据集（{_dataset_name(current)}）", f"Replace the current dataset ({_dataset_name(current)})"),
    )
    name_problem = None
    if ss["studio_destination"] == "new":
        ss.setdefault("studio_name", "")
        kind = "custom" if t is not None and t.name == "custom" else ss["studio_preset"]
        suggested = _free_name(f"{tr(*PRESET_NAME.get(kind, (kind, kind))).replace(' ', '-')}-{int(ss['studio_seed'])}")
        new_name = st.text_input(tr("新数据集名称", "New dataset name"), key="studio_name", placeholder=suggested,
                                 max_chars=40, help=tr("中文、字母、数字、下划线或连字符。", "Letters, digits, _ or -.")).strip() \
            or suggested
        if not datasets.valid_name(new_name):
            name_problem = tr(f"名称「{new_name}」无效：只能使用中文、字母、数字、下划线和连字符，最长 40 个字符，且不能是 default。",
                              f"“{new_name}” is not a valid name: letters, digits, _ or -, at most 40, not “default”.")
        elif datasets.exists(new_name, data.default_db_path()):
            name_problem = tr(f"数据集「{new_name}」已存在：请换一个名称，或先切换到它再选择“替换当前数据集”。",
                              f"Dataset “{new_name}” exists: choose another name, or switch to it and replace it.")
        if name_problem:
            st.error(name_problem)
        destination = new_name
    else:
        destination = current
        st.warning(tr(f"将整体替换数据集「{current}」中的全部数据（生成完成后才替换，中途失败不影响原数据）。",
                      f"All data in “{current}” will be replaced (only once generation has finished)."))

    # The click is kept in session state (not the button's one-run value), so a rerun that
    # interrupts this run cannot swallow it.
    st.button(tr("生成", "Generate"), type="primary", icon=":material/auto_awesome:",
              disabled=bool(problem or name_problem), key="studio_generate", on_click=_request_generation)
    if ss.pop("_studio_go", False) and t is not None:
        bar = st.progress(0.0, text=tr("准备中……", "Starting…"))
        try:
            if destination == current and destination != datasets.DEFAULT_NAME:
                data.release()  # the app's connection must close before the file is replaced
            result = actions.generate_demo(  # named datasets only; checked and recorded in the audit trail
                destination, t, seed=int(ss["studio_seed"]), as_of=ss["studio_as_of"],
                progress=lambda f, m: bar.progress(min(1.0, max(0.0, f)), text=m),
            )
        except Exception as e:  # noqa: BLE001 - one line for the presenter, never a traceback
            bar.empty()
            st.error(tr(f"生成失败：{e}", f"Generation failed: {e}"))
        else:
            ss["_studio_result"] = {
                "dataset": destination, "preview": plan.values, "rows": result.total_rows,
                "seconds": result.seconds, "as_of": ss["studio_as_of"],
            }
            _switch_to(destination)
            ss.pop("studio_name", None)  # the name is taken now; offer a fresh suggestion
            st.rerun()
