"""数据导入 Import: upload a CSV/Excel file into one table, see what it would do, confirm, undo.

Everything goes through importer (the same code path as `python cli.py import`): the preview
validates without writing; confirming validates again and loads in one transaction; any batch
can be undone. The data version changes with every load and undo, so cached figures refresh.
Imports and undos go through webui.actions: the account's role and region are checked on the
server (rows outside its region are errors) and each leaves one audit entry.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from cgw.ingest import importer
from cgw.ingest.importer import settings, specs
from cgw.webui import actions, data, layout, state, uploads
from cgw.webui.i18n import lang, tr
from pages import page

ss = st.session_state
MODES = {
    "append": ("追加：只新增，库中已有的记录不改", "Append: add new rows, leave existing ones"),
    "upsert": ("更新：已有的按文件更新，新的追加", "Upsert: update existing rows, add new ones"),
    "replace": ("替换：整张表以文件为准（文件中没有的记录将删除）", "Replace: the table becomes the file"),
}
PROBLEM_HEADERS = {
    "file": ("文件", "File"), "line": ("行号", "Row"), "column": ("列", "Column"), "value": ("值", "Value"),
    "reason": ("原因", "Reason"), "fix": ("建议", "Suggested fix"),
}  # fmt: skip
BATCH_HEADERS = {
    "batch_id": ("批次", "Batch"), "imported_at": ("导入时间", "Imported at"), "table_zh": ("数据表", "Table"),
    "file_name": ("文件", "File"), "mode": ("方式", "Mode"), "rows_new": ("新增", "New"),
    "rows_updated": ("更新", "Updated"), "rows_unchanged": ("未变", "Unchanged"), "rows_deleted": ("删除", "Deleted"),
    "rows_rejected": ("拒绝", "Rejected"), "status": ("状态", "Status"), "undone_at": ("撤销时间", "Undone at"),
    "imported_by": ("导入人", "Imported by"),
}  # fmt: skip
MODE_SHORT = {"append": ("追加", "Append"), "upsert": ("更新", "Upsert"), "replace": ("替换", "Replace")}
TYPES = ["csv", "tsv", "txt", "xlsx", "xls", "ods"]


def _title(name: str) -> str:
    s = specs.spec(name)
    return f"{specs.tables().index(name) + 1}. {s.title_zh if lang() == 'zh' else s.title_en}"


def _problems_table(df: pd.DataFrame) -> pd.DataFrame:
    return df.rename(columns={k: tr(*v) for k, v in PROBLEM_HEADERS.items()})


def _progress_callback(bar):
    def update(fraction: float, message: str) -> None:
        bar.progress(min(1.0, max(0.0, fraction)), text=message.split(" / ")[0 if lang() == "zh" else -1])

    return update


def _template_buttons(name: str, key: str) -> None:
    s = specs.spec(name)
    c1, c2 = st.columns(2)
    c1.download_button(tr("CSV 模板", "CSV template"), importer.template_csv(name), file_name=f"{s.title_zh}_模板.csv",
                       mime="text/csv", key=f"tpl_csv_{key}", icon=":material/download:", width="stretch")
    c2.download_button(tr("Excel 模板", "Excel template"), importer.template_xlsx(name),
                       file_name=f"{s.title_zh}_模板.xlsx", key=f"tpl_xlsx_{key}", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       width="stretch")


def _counts(p: importer.Preview) -> None:
    cols = st.columns(6 if p.mode == "replace" else 5)
    cols[0].metric(tr("数据行", "Rows"), f"{p.rows_total:,}", border=True)
    cols[1].metric(tr("新增", "New"), f"{p.rows_new:,}", border=True)
    cols[2].metric(tr("更新", "Updated"), f"{p.rows_updated:,}", border=True)
    cols[3].metric(tr("未变", "Unchanged"), f"{p.rows_unchanged:,}", border=True)
    cols[4].metric(tr("有问题", "Rejected"), f"{p.rows_rejected:,}", border=True)
    if p.mode == "replace":
        cols[5].metric(tr("将删除", "To delete"), f"{p.rows_deleted:,}", border=True)


def _report_buttons(p: importer.Preview, key: str) -> None:
    stem = p.file_name.rsplit(".", 1)[0]
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(tr("下载问题清单（CSV）", "Problem report (CSV)"), importer.report_bytes(p, "csv"),
                       file_name=f"{stem}_问题清单.csv", mime="text/csv", key=f"rep_csv_{key}",
                       icon=":material/download:", width="stretch")
    c2.download_button(tr("下载问题清单（Excel）", "Problem report (Excel)"), importer.report_bytes(p, "xlsx"),
                       file_name=f"{stem}_问题清单.xlsx", key=f"rep_xlsx_{key}", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       width="stretch")


NO_PROFILE = ""  # the profile selectbox's "none" (None would show as an empty choice)
NOT_IMPORTED = "（不导入）"
UNKNOWN_VALUE = "（未知，留空）"
PICK = "（请选择）"  # an unrecognised value's choice before the analyst makes one
HOW_LABEL = {"analyst": ("按您的选择", "Your choice"), "builtin": ("常见写法", "Known variant"),
             "unrecognised": ("未能识别", "Not recognised")}  # fmt: skip


def _rows_height(n: int, most: int = 30) -> int:
    """A table's height showing all its `n` rows (up to `most`) without an inner scroll bar."""
    return 35 * (min(n, most) + 1) + 3


def _cell(v: object) -> object:
    """A data-editor cell with NaN (an empty choice) read as None."""
    return None if v is None or (isinstance(v, float) and v != v) else v


def _column_label(spec: importer.TableSpec, name: str) -> str:
    c = spec.column(name)
    mark = "" if not c.required or any(d.column == name for d in spec.derive) or c.auto else tr("（必需）", " (required)")
    return (c.header_zh if lang() == "zh" else c.header_en) + mark


def _edit(kind: str, key: str, value: dict) -> None:
    """Record the analyst's choices (column or value mapping) for the current file."""
    edits: importer.Mapping = ss.setdefault("_imp_edits", importer.Mapping())
    if kind == "columns":
        edits.columns.update(value)
    else:
        edits.values.setdefault(key, {}).update(value)


def _column_mapping(p: importer.Preview) -> None:
    """② Every file column with what it becomes; the analyst changes any of them in place."""
    spec = importer.spec(p.table)
    st.subheader(tr("② 列的对应关系", "② Column mapping"))
    st.caption(tr("左边是文件中的列，右边是导入为哪一项。“相近（请核对）”是按相似的列名推测的；要改，点“导入为”一栏选择，"
                  "选“（不导入）”则忽略这一列。",
                  "Each file column and the field it is imported as. Guesses by similar names are marked; change any "
                  "field in place, or choose “(not imported)”."))
    if p.missing:  # first what is wrong, then the table where it is put right
        st.error(p.missing, icon=":material/error:")
    options = [NOT_IMPORTED] + [_column_label(spec, c.name) for c in spec.columns]
    by_label = {_column_label(spec, c.name): c.name for c in spec.columns}
    rows = [{"file": fc.header or tr(f"（第 {fc.index + 1} 列，无列名）", f"(column {fc.index + 1}, no header)"),
             "samples": "、".join(fc.samples), "to": _column_label(spec, fc.column) if fc.column else NOT_IMPORTED,
             "how": fc.how_zh if lang() == "zh" else fc.how} for fc in p.columns]
    df = pd.DataFrame(rows, columns=["file", "samples", "to", "how"])
    edited = st.data_editor(
        df, hide_index=True, width="stretch", key="imp_cols", num_rows="fixed", height=_rows_height(len(df)),
        disabled=["file", "samples", "how"],
        column_config={
            "file": st.column_config.TextColumn(tr("文件中的列", "File column")),
            "samples": st.column_config.TextColumn(tr("示例（已脱敏）", "Examples (masked)")),
            "to": st.column_config.SelectboxColumn(tr("导入为", "Imported as"), options=options, required=True),
            "how": st.column_config.TextColumn(tr("识别方式", "How matched")),
        },
    )
    changed = {}
    for fc, before, after in zip(p.columns, map(_cell, df["to"]), map(_cell, edited["to"])):
        if after is not None and before != after and fc.header:
            changed[fc.header] = by_label.get(after, "")
    if changed:
        _edit("columns", "", changed)
        ss.pop("imp_cols", None)  # the next run shows the new mapping, not this edit on the old one
        st.rerun()
    mapped = {fc.column for fc in p.columns if fc.column}
    absent_derived = [c for c in spec.columns if c.stored and c.name not in mapped and
                      any(d.column == c.name for d in spec.derive)]
    absent_unknown = [c for c in spec.columns if c.stored and c.name not in mapped and c.empty_means == specs.UNKNOWN]
    notes = []
    if absent_derived:
        notes.append(tr("按其他列推算：", "Derived from other columns: ")
                     + "、".join(c.header_zh if lang() == "zh" else c.header_en for c in absent_derived))
    if absent_unknown:
        notes.append(tr("文件中没有、记为未知：", "Not in the file, stored as unknown: ")
                     + "、".join(c.header_zh if lang() == "zh" else c.header_en for c in absent_unknown))
    if notes:
        st.caption("；".join(notes) if lang() == "zh" else "; ".join(notes))


def _value_mapping(p: importer.Preview) -> None:
    """③ Category values not written as stored, by column, with counts; each can be mapped."""
    if not p.values:
        return
    spec = importer.spec(p.table)
    st.subheader(tr("③ 取值的对应关系", "③ Value mapping"))
    unrecognised = sum(1 for g in p.values if _rejects(spec, g))
    st.caption(tr("文件中与标准写法不同的取值。系统认得的已自动对应；“未能识别”的请选择对应的标准值（或“其他”），"
                  "选择会记入导入方案，下次自动套用。",
                  "Values written differently from the stored ones. Known variants are mapped already; choose a value "
                  "for those not recognised. Choices are saved with the import profile."))
    if unrecognised:
        st.warning(tr(f"有 {unrecognised} 种取值未能识别：这些行在选择对应值之前会被拒绝。",
                      f"{unrecognised} values are not recognised: their rows are rejected until you map them."),
                   icon=":material/rule:")
    by_column: dict[str, list] = {}
    for g in p.values:
        by_column.setdefault(g.column, []).append(g)
    for name, groups in by_column.items():
        c = spec.column(name)
        fc = p.column_of(name)
        choices = importer.profiles.value_choices(c)
        shown = [PICK] + [v if v else UNKNOWN_VALUE for v in choices]
        bad = sum(1 for g in groups if _rejects(spec, g))
        field_name = c.header_zh if lang() == "zh" else c.header_en
        title = f"{fc.header}（{field_name}）" if fc and fc.header != c.header_zh else field_name
        shown_pairs = "，".join(f"{g.value}→{g.stored or tr('未知', 'unknown')} ×{g.count}" for g in groups[:3])
        more = tr(f" 等 {len(groups)} 种", f" … {len(groups)} in all") if len(groups) > 3 else ""
        label = (f"{title}：" + (tr(f"{bad} 种写法未能识别，请选择", f"{bad} not recognised: choose a value") if bad
                                else shown_pairs + more))
        with st.expander(label, expanded=bool(bad), icon=":material/rule:" if bad else ":material/check:"):
            df = pd.DataFrame([{"value": g.value, "count": g.count,
                                "to": PICK if _rejects(spec, g) else (g.stored or UNKNOWN_VALUE),
                                "how": tr(*HOW_LABEL[g.how]) if g.how != "unrecognised" or _rejects(spec, g)
                                else tr("未能识别，记为未知", "Not recognised: unknown")} for g in groups])
            edited = st.data_editor(
                df, hide_index=True, width="stretch", key=f"imp_vals_{name}", num_rows="fixed",
                height=_rows_height(len(df)),
                disabled=["value", "count", "how"],
                column_config={
                    "value": st.column_config.TextColumn(tr("文件中的写法", "As written")),
                    "count": st.column_config.NumberColumn(tr("行数", "Rows"), format="%d"),
                    "to": st.column_config.SelectboxColumn(tr("导入为", "Imported as"), options=shown),
                    "how": st.column_config.TextColumn(tr("说明", "Note")),
                },
            )
            changed = {g.value: ("" if after == UNKNOWN_VALUE else after) for g, before, after in
                       zip(groups, map(_cell, df["to"]), map(_cell, edited["to"]))
                       if after not in (None, PICK) and before != after}
            if changed:
                _edit("values", name, changed)
                ss.pop(f"imp_vals_{name}", None)
                st.rerun()


def _rejects(spec, g) -> bool:
    """An unrecognised value rejects its row, except a 职务 (kept as written; its category unknown)."""
    return g.how == "unrecognised" and spec.column(g.column).kind != "title"


def _save_profile(p: importer.Preview) -> None:
    """Save the mapping the preview used as a named profile (reused next time, and by --profile)."""
    with st.expander(tr("保存为导入方案（下次自动套用；命令行用 --profile）",
                        "Save as an import profile (reused next time; --profile on the command line)")):
        if not p.mapping:
            st.caption(tr("目前没有手动调整过列或取值；保存后，同一单位的下一份文件会按同样的方式读取。",
                          "No manual choices yet; a saved profile still reads the next file the same way."))
        c1, c2 = st.columns([3, 1])
        name = c1.text_input(tr("方案名称", "Profile name"), value=ss.get("imp_profile") or "",
                             placeholder=tr("如：大虞街道花名册", "e.g. Dayu street roster"), key="imp_profile_name")
        # A callback sets the flag: it survives a rerun (as the confirm button's does).
        c2.button(tr("保存", "Save"), key="imp_profile_save", icon=":material/save:", width="stretch",
                  on_click=lambda: ss.update(_imp_save=True))
        if ss.pop("_imp_save", False):
            mapping = p.mapping.overlaid(importer.Mapping(
                {fc.header: fc.column for fc in p.columns if fc.column and fc.header}))
            try:
                importer.profiles.save(data.connection(), name, p.table, mapping)
            except importer.ImportFailed as e:
                st.error(str(e), icon=":material/error:")
                return
            ss["imp_profile"] = name.strip()
            st.success(tr(f"已保存导入方案「{name.strip()}」。", f"Saved profile “{name.strip()}”."),
                       icon=":material/check_circle:")


def _show_preview(p: importer.Preview) -> None:
    st.caption(tr(f"{p.file_name} · {p.source} · 表头在第 {p.header_row} 行 · 导入方式：{MODE_SHORT[p.mode][0]}",
                  f"{p.file_name} · {p.source} · header on row {p.header_row} · mode: {MODE_SHORT[p.mode][1]}"))
    _column_mapping(p)
    if p.missing:
        return
    _value_mapping(p)
    st.subheader(tr("④ 校验结果", "④ Check"))
    _counts(p)
    if p.notices:
        st.info(tr("导入时的处理：", "How the file was read (in Chinese):") + "\n" + "\n".join(f"- {n}" for n in p.notices),
                icon=":material/info:")
    if p.delete_refused:
        st.error(p.delete_refused, icon=":material/block:")
    if p.rows_rejected:
        shown = min(len(p.problems), settings.PREVIEW_PROBLEMS)
        st.error(
            tr(f"{p.rows_rejected:,} 行有问题（共 {p.problems_total:,} 处），下面是前 {shown} 处；完整清单可下载，"
               f"按“建议”修改后重新上传。“值”是文件中的原样内容（身份证号、手机号已脱敏）。",
               f"{p.rows_rejected:,} rows have problems ({p.problems_total:,} in all); the first {shown} are below. "
               f"Download the full list, fix, and upload again. Reasons are given in Chinese."),
            icon=":material/error:",
        )
        st.dataframe(_problems_table(p.first_problems().drop(columns=["file"])), hide_index=True, width="stretch")
        _report_buttons(p, "preview")
    elif p.rows_total:
        st.success(tr(f"全部 {p.rows_total:,} 行校验通过。", f"All {p.rows_total:,} rows passed."),
                   icon=":material/check_circle:")
    if not p.sample.empty:
        with st.expander(tr("将写入的前几行（身份证号、手机号已脱敏）", "First rows to be written (masked)")):
            st.dataframe(p.sample, hide_index=True, width="stretch")
    _save_profile(p)


def _confirm(p: importer.Preview, uploaded: bytes, sheet: str | None) -> None:
    st.subheader(tr("⑤ 确认导入", "⑤ Confirm"))
    accept_valid = False
    if p.rows_rejected and p.mode != "replace" and (p.rows_new or p.rows_updated or p.related_changes):
        accept_valid = st.checkbox(
            tr(f"跳过有问题的 {p.rows_rejected:,} 行，只导入其余 {p.rows_accepted:,} 行",
               f"Skip the {p.rows_rejected:,} rejected rows and load the other {p.rows_accepted:,}"),
            key="imp_accept_valid",
        )
    blocked = p.blocked(accept_valid)
    changes = p.changes
    if blocked:
        st.warning(blocked, icon=":material/block:")
    elif not changes:
        st.info(tr("文件中的数据与库中完全一致，无需导入。", "The file matches the database: nothing to load."))
    label = tr(f"确认导入（新增 {p.rows_new:,}，更新 {p.rows_updated:,}" + (f"，删除 {p.rows_deleted:,}" if
               p.rows_deleted else "") + "）", f"Load ({p.rows_new:,} new, {p.rows_updated:,} updated)")
    # Buttons act through callbacks: a flag set before the script runs survives any rerun.
    st.button(label, type="primary", disabled=bool(blocked) or not changes, key="imp_confirm",
              icon=":material/upload:", on_click=lambda: ss.update(_imp_go=True))
    if ss.pop("_imp_go", False) and not blocked and changes:
        bar = st.progress(0.0, text=tr("导入中……", "Loading…"))
        try:
            result = actions.import_file(p.table, uploaded, file_name=p.file_name, mode=p.mode,
                                         accept_valid=accept_valid, sheet=sheet, progress=_progress_callback(bar),
                                         mapping=p.mapping)
        except importer.ImportFailed as e:
            bar.empty()
            st.error(str(e), icon=":material/error:")
            return
        bar.empty()
        ss["_imp_result"] = result
        ss.pop("_imp_preview", None)
        ss.pop("_imp_edits", None)
        ss["_imp_uploader_round"] = ss.get("_imp_uploader_round", 0) + 1
        st.rerun()


def _show_result() -> None:
    r: importer.ImportResult | None = ss.get("_imp_result")
    if r is None:
        return
    if r.written:
        st.success(r.summary(), icon=":material/task_alt:")
        if r.rows_rejected:
            _report_buttons(r, "result")
        st.caption(tr(f"如需撤销，请到“导入记录与撤销”中选择第 {r.batch_id} 批。",
                      f"To undo, open “Batches & undo” and choose batch {r.batch_id}."))
    else:
        st.error(r.summary(), icon=":material/error:")
    st.button(tr("关闭", "Dismiss"), key="imp_dismiss", on_click=lambda: ss.pop("_imp_result", None))


def _profile_mapping(table: str, content: bytes, sheet: str | None) -> importer.Mapping:
    """The import profile chosen for this file (the one that fits its headers is chosen for the
    analyst the first time), plus the choices made on the page."""
    con = data.connection()
    names = importer.profiles.names(con, table)
    file_key = (table, hashlib.sha256(content).hexdigest(), sheet)
    if ss.get("_imp_file_key") != file_key:  # a new file: forget the previous file's edits
        ss["_imp_file_key"] = file_key
        ss.pop("_imp_edits", None)
        if names:
            heads = importer.file_headers(content, table, sheet)
            fit = importer.profiles.best_for(con, table, heads)
            ss["imp_profile"] = fit or NO_PROFILE
            if fit:
                ss["_imp_profile_auto"] = fit
    if not names:
        ss.pop("imp_profile", None)
        return importer.Mapping().overlaid(ss.get("_imp_edits"))
    if ss.get("imp_profile") not in names:
        ss["imp_profile"] = NO_PROFILE
    chosen = st.selectbox(tr("导入方案", "Import profile"), [NO_PROFILE, *names], key="imp_profile",
                          format_func=lambda n: tr("（不使用）", "(none)") if n == NO_PROFILE else n,
                          help=tr("保存过的列和取值对应关系；同一单位的文件可直接套用。",
                                  "Saved column and value choices, reused for the same office's files."))
    if chosen and ss.get("_imp_profile_auto") == chosen:
        st.caption(tr(f"已自动套用与这个文件的列名最吻合的导入方案「{chosen}」。",
                      f"The profile “{chosen}” fits this file's headers best and was applied."))
    base = importer.profiles.load(con, chosen, table) if chosen else importer.Mapping()
    return base.overlaid(ss.get("_imp_edits"))


def import_tab() -> None:
    _show_result()
    st.subheader(tr("① 选择数据表和文件", "① Table and file"))
    names = specs.tables()
    c1, c2 = st.columns([1, 1])
    with c1:
        table = st.selectbox(tr("导入到", "Table"), names, format_func=_title, key="imp_table",
                             index=names.index("workers"),
                             help=tr("按此顺序导入：后面的表引用前面的表（如培训记录引用社区工作者）。",
                                     "Import in this order: later tables refer to earlier ones."))
        st.caption(specs.spec(table).description_zh if lang() == "zh" else specs.spec(table).description_en)
        _template_buttons(table, "main")
    with c2:
        mode = st.radio(tr("导入方式", "Mode"), list(MODES), format_func=lambda m: tr(*MODES[m]), key="imp_mode")
    limit_mb = settings.max_upload_bytes() / 1024 / 1024
    uploads.localise(limit_mb, TYPES)
    uploaded = st.file_uploader(
        tr(f"上传文件（CSV/TSV/Excel，UTF-8 或 GBK 均可，不超过 {limit_mb:g} MB）",
           f"Upload a file (CSV/TSV/Excel, UTF-8 or GBK, up to {limit_mb:g} MB)"),
        type=TYPES, key=f"imp_file_{ss.get('_imp_uploader_round', 0)}", max_upload_size=max(1, round(limit_mb)),
    )
    if uploaded is None:
        ss.pop("_imp_preview", None)
        ss.pop("_imp_file_key", None)
        st.caption(tr("列名可以是模板中的名称、常见写法（如 公民身份号码、文化程度、参加社区工作时间）或相近的写法，"
                      "预览时可逐列核对和修改；表头上方的标题行、两行表头、合计和填表人行会自动识别。",
                      "Headers may be the template's names, common variants or similar ones; you can check and change "
                      "each column in the preview. Title rows, two-row headers and total rows are recognised."))
        return
    content = uploaded.getvalue()
    sheet = None
    sheets = importer.sheet_names(content)
    if len(sheets) > 1:
        sheet = st.selectbox(tr("工作表", "Sheet"), ["", *sheets], key="imp_sheet",
                             format_func=lambda s: tr("（自动：第一个有表头的工作表）", "(auto: first sheet with a header)")
                             if s == "" else s) or None
    guesses = importer.guess_tables(content, sheet)
    if guesses and guesses[0][0] != table:
        other = guesses[0][0]
        c1, c2 = st.columns([3, 1])
        c1.info(tr(f"这个文件的列名更像「{specs.spec(other).title_zh}」表，而不是「{specs.spec(table).title_zh}」。",
                   f"This file's headers look like “{specs.spec(other).title_en}”, not “{specs.spec(table).title_en}”."),
                icon=":material/lightbulb:")
        c2.button(tr(f"改为导入到「{specs.spec(other).title_zh}」", f"Switch to {specs.spec(other).title_en}"),
                  key="imp_switch", on_click=lambda: ss.update(imp_table=other), width="stretch")
    mapping = _profile_mapping(table, content, sheet)
    key = (table, mode, hashlib.sha256(content).hexdigest(), sheet, mapping.to_json())
    cached = ss.get("_imp_preview")
    if cached is None or cached[0] != key:
        ss.pop("_imp_preview", None)
        bar = st.progress(0.0, text=tr("校验中……", "Checking…"))
        try:
            preview = actions.import_preview(table, content, file_name=uploaded.name, mode=mode,
                                             sheet=sheet, progress=_progress_callback(bar), mapping=mapping)
        except importer.ImportFailed as e:
            bar.empty()
            st.error(str(e), icon=":material/error:")
            return
        bar.empty()
        ss["_imp_preview"] = (key, preview)
    preview = ss["_imp_preview"][1]
    _show_preview(preview)
    if not preview.missing:
        _confirm(preview, content, sheet)


def _ask_undo(batch: int) -> None:
    ss["_imp_undo_ask"] = batch


def batches_tab() -> None:
    df = actions.batches()  # the batches of the account's region (every batch for administrators)
    if df.empty:
        st.info(tr("还没有导入记录。", "No imports yet."))
        return
    if ss.get("_imp_undo_done"):
        st.success(ss.pop("_imp_undo_done"), icon=":material/undo:")
    shown = df.drop(columns=["table_name", "sha256"]).copy()
    shown["undone_at"] = shown["undone_at"].map(lambda v: "" if pd.isna(v) else f"{v:%Y-%m-%d %H:%M}")
    shown["mode"] = shown["mode"].map(lambda m: tr(*MODE_SHORT.get(m, (m, m))))
    if lang() == "en":
        shown["table_zh"] = df["table_name"].map(lambda t: specs.spec(t).title_en)
        shown["status"] = shown["status"].map({"已导入": "Imported", "已撤销": "Undone"})
    st.dataframe(shown.rename(columns={k: tr(*v) for k, v in BATCH_HEADERS.items()}), hide_index=True)
    active = df[df["status"] == "已导入"]
    if active.empty:
        return
    st.subheader(tr("撤销一批导入", "Undo a batch"))
    options = list(active["batch_id"])
    labels = {r.batch_id: f"{tr('第', 'Batch ')}{r.batch_id}{tr(' 批', '')} · {r.table_zh} · {r.file_name} · "
              f"{r.imported_at:%Y-%m-%d %H:%M}" for r in active.itertuples()}
    picked = st.selectbox(tr("批次", "Batch"), options, format_func=lambda b: labels[b], key="imp_undo_pick")
    asked = ss.get("_imp_undo_ask")
    if asked != picked:
        st.button(tr("撤销这一批……", "Undo this batch…"), key="imp_undo", on_click=_ask_undo, args=(picked,),
                  icon=":material/undo:")
        return
    row = active[active["batch_id"] == picked].iloc[0]
    st.warning(tr(f"撤销第 {picked} 批会把「{row.table_zh}」恢复到导入前：删除本批新增的 {row.rows_new:,} 行，"
                  f"恢复被更新的 {row.rows_updated:,} 行" + (f"、被删除的 {row.rows_deleted:,} 行" if row.rows_deleted else "")
                  + "。确定吗？",
                  f"Undoing batch {picked} restores the table as it was before: {row.rows_new:,} added rows are "
                  f"removed and {row.rows_updated:,} updated rows get their old values. Continue?"),
               icon=":material/warning:")
    c1, c2, _ = st.columns([1, 1, 6])
    c1.button(tr("确认撤销", "Yes, undo"), type="primary", key="imp_undo_yes",
              on_click=lambda: ss.update(_imp_undo_go=picked))
    if ss.pop("_imp_undo_go", None) == picked:
        ss.pop("_imp_undo_ask", None)
        try:
            result = actions.undo(int(picked))
        except importer.ImportFailed as e:
            st.error(str(e), icon=":material/error:")
            return
        ss["_imp_undo_done"] = result.summary()
        st.rerun()
    c2.button(tr("取消", "Cancel"), key="imp_undo_no", on_click=lambda: ss.pop("_imp_undo_ask", None))


def templates_tab() -> None:
    st.caption(tr("每张表一个模板：第一行是列名，第二行是填写说明（导入时自动跳过）。Excel 模板中身份证号、手机号、"
                  "日期列已设为文本格式，避免被 Excel 改成科学计数法。请按编号顺序导入。",
                  "One template per table: row 1 has the headers, row 2 notes (skipped on import). Import in the "
                  "numbered order."))
    for name in specs.tables():
        s = specs.spec(name)
        c1, c2 = st.columns([3, 2])
        c1.markdown(f"**{_title(name)}**  \n{s.description_zh if lang() == 'zh' else s.description_en}")
        with c2:
            _template_buttons(name, name)


state.current()  # the view (and, on a deep link after a server start, a rerun through app.py)
layout.header(page("import_data").heading(lang()))
tab1, tab2, tab3 = st.tabs([tr("导入文件", "Import a file"), tr("导入记录与撤销", "Batches & undo"),
                            tr("模板下载", "Templates")])
with tab1:
    import_tab()
with tab2:
    batches_tab()
with tab3:
    templates_tab()
