"""The demo-data studio: preview before generating, generation into a named dataset whose KPIs
match the targets, switching and deleting datasets, and dataset downloads that re-import
through the importer into identical KPIs."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

import metrics
from cgw.ingest.generator import build, studio
from cgw.ingest.generator import targets as tg
from cgw.outputs import dataset_export, exports
from cgw.storage import database, datasets
from metrics import catalogue, formatting
from tests import support

SMALL = {  # 100 workers: every share below is a whole number of people
    "population": 50_000, "streets": 2, "communities": 8, "workers_per_10k": 20.0, "under_40_share": 45.0,
    "college_share": 90.0, "certified_share": 60.0, "secretary_avg_age": 42.0, "partners": 20,
    "issues_resolved": 30, "wishes_fulfilled": 150,
}  # fmt: skip
SHARES = ("under_40_share", "college_share", "certified_share")


@pytest.fixture
def datasets_dir(tmp_path, monkeypatch):
    folder = tmp_path / "datasets"
    monkeypatch.setenv(datasets.DATASETS_ENV_VAR, str(folder))
    return folder


def _kpis(path, ids, as_of=tg.DEFAULT_AS_OF) -> dict:
    con = database.connect(path)
    root = database.query_rows(con, "SELECT region_id FROM regions WHERE parent_id IS NULL")[0][0]
    return metrics.evaluate(con, list(ids), metrics.Filters(root, as_of))


# --- the page -----------------------------------------------------------------------------------------


def test_studio_generates_a_custom_dataset_whose_kpis_match_its_targets(kuiwen_copy, datasets_dir, fresh_streamlit):
    at = support.app_test(kuiwen_copy, page="studio").run()
    assert not at.exception
    for key, value in SMALL.items():
        at.number_input(key=f"studio_{key}").set_value(value)
    at.number_input(key="studio_seed").set_value(11)
    at.text_input(key="studio_name").set_value("小型演示")
    at.run()
    # The preview, before anything is generated, already shows the targets as the dashboard will.
    preview = at.dataframe[0].value
    shown = dict(zip(preview["指标"], preview["生成后"]))
    assert shown["每万常住人口社工数"] == "20.0人" and shown["40周岁以下占比"] == "45.0%"
    assert not (datasets_dir / "小型演示.duckdb").exists()

    at.button(key="studio_generate").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    path = datasets_dir / "小型演示.duckdb"
    assert path.exists()
    assert at.session_state["dataset"] == "小型演示" and at.query_params["dataset"] == "小型演示"
    # The generated data, read through the metric catalogue, hit every target.
    v = _kpis(path, ["workers_per_10k", *SHARES, "secretary_avg_age", "partners", "issues_resolved",
                     "wishes_fulfilled", "resident_population", "communities"])
    assert v["workers_per_10k"] == pytest.approx(20.0, abs=0.05)
    for key in SHARES:
        assert v[key] == pytest.approx(SMALL[key] / 100, abs=0.0005), key
    assert v["secretary_avg_age"] == pytest.approx(42.0, abs=0.05)
    assert (v["partners"], v["issues_resolved"], v["wishes_fulfilled"]) == (20, 30, 150)
    assert v["communities"] == 8 and abs(v["resident_population"] - 50_000) <= 0.025 * 50_000
    # The page's own comparison: preview and dashboard agree on every row.
    result = pd.concat([at.dataframe[0].value, at.dataframe[1].value], ignore_index=True)  # shown first
    assert len(result) == 17
    assert list(result["一致"]) == ["✓"] * len(result)
    assert dict(zip(result["指标"], result["看板显示"]))["持证比例"] == "60.0%"
    database.close(path)


def test_impossible_targets_show_the_reason_and_cannot_be_generated(kuiwen_copy, datasets_dir, fresh_streamlit):
    at = support.app_test(kuiwen_copy, page="studio").run()
    at.number_input(key="studio_communities").set_value(20)
    at.number_input(key="studio_population").set_value(8_000)  # 400 residents per community
    at.run()
    assert any("每个社区至少 500 人" in e.value for e in at.error)
    assert at.button(key="studio_generate").disabled
    at.number_input(key="studio_population").set_value(475_000)
    at.number_input(key="studio_secretary_avg_age").set_value(60.0)
    at.run()
    assert any("书记平均年龄 60.0 不合理" in e.value for e in at.error)


def test_switching_and_deleting_a_dataset_asks_for_confirmation(kuiwen_copy, datasets_dir, fresh_streamlit):
    small = tg.from_mapping({k: (v / 100 if k in SHARES else v) for k, v in SMALL.items()})
    studio.generate("demo-a", small, seed=2)
    at = support.app_test(kuiwen_copy, page="studio").run()
    at.selectbox(key="studio_dataset").set_value("demo-a").run()
    assert at.session_state["dataset"] == "demo-a"
    assert "在岗社工=100人" in [f"{m.label}={m.value}" for m in at.metric]  # 50,000 × 20 / 10,000
    at.selectbox(key="studio_delete_pick").set_value("demo-a").run()
    assert at.button(key="studio_delete_button").disabled  # not before the checkbox is ticked
    at.checkbox(key="studio_delete_confirm").check().run()
    at.button(key="studio_delete_button").click().run()
    assert not (datasets_dir / "demo-a.duckdb").exists()
    assert at.session_state["dataset"] == datasets.DEFAULT_NAME
    assert any("已删除数据集「demo-a」" in s.value for s in at.success)
    kuiwen_workers = studio.preview(tg.KUIWEN).values["active_workers"]
    assert f"在岗社工={kuiwen_workers}人" in [f"{m.label}={m.value}" for m in at.metric]  # back on the default


# --- the data layer behind it ---------------------------------------------------------------------------


def test_unchanged_form_keeps_the_preset_and_scale_multiplies_the_size():
    assert studio.targets_from_form("kuiwen", studio.form_values(tg.KUIWEN)) is tg.KUIWEN
    double = studio.targets_from_form("hongtong", studio.form_values(tg.HONGTONG), 2.0)
    assert (double.communities, double.streets, double.partners) == (84, 12, 272)
    assert double.workers_per_10k == tg.HONGTONG.workers_per_10k
    with pytest.raises(tg.TargetError, match="规模倍数"):
        studio.targets_from_form("kuiwen", studio.form_values(tg.KUIWEN), 0)
    p = studio.preview(tg.KUIWEN).values
    assert formatting.value(catalogue.get("workers_per_10k"), p["workers_per_10k"]) == "18.5人"
    assert (p["reserve_90s_head"], p["reserve_90s_deputy"], p["reserve_90s_committee"]) == (12, 49, 76)


def test_the_default_dataset_is_never_deleted(datasets_dir):
    with pytest.raises(ValueError, match="默认数据集不能删除"):
        datasets.delete(datasets.DEFAULT_NAME)
    with pytest.raises(ValueError, match="不存在"):
        datasets.delete("nothing-here")
    assert not datasets.valid_name("../etc") and not datasets.valid_name("default")


# --- downloads re-import unchanged ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "small.duckdb"
    build.generate(tg.from_mapping({k: (v / 100 if k in SHARES else v) for k, v in SMALL.items()}),
                            path, seed=4)
    return path


def test_synthetic_download_keeps_ids_and_a_real_one_is_masked(small_dataset):
    zipped = dataset_export.export_zip(database.connect(small_dataset), mask=False, readme=dataset_export.export_readme(True))
    names = zipfile.ZipFile(io.BytesIO(zipped)).namelist()
    assert names[:3] == ["01_regions.csv", "02_region_population.csv", "03_workers.csv"] and "说明.txt" in names
    workers = zipfile.ZipFile(io.BytesIO(zipped)).read("03_workers.csv")
    assert workers.startswith(b"\xef\xbb\xbf")
    con = database.connect(small_dataset)
    first_id = database.query_rows(con, "SELECT id_number FROM workers ORDER BY worker_id LIMIT 1")[0][0]
    assert first_id.encode() in workers
    masked = zipfile.ZipFile(io.BytesIO(dataset_export.export_zip(database.connect(small_dataset), mask=True))).read("03_workers.csv")
    assert first_id.encode() not in masked and (first_id[:6] + "********" + first_id[-4:]).encode() in masked
    summary = datasets.summary(con, "small", small_dataset)
    assert summary.synthetic and summary.total_rows == sum(database.table_counts(con).values())


def _reimport(frames: dict[str, tuple[bytes, str, str | None]], target) -> None:
    from cgw.ingest import importer

    con = database.connect(target)
    for table, (data, file_name, sheet) in frames.items():
        importer.import_file(con, table, data, file_name=file_name, mode="append", sheet=sheet)


@pytest.mark.parametrize("fmt", ["zip", "xlsx"])
def test_downloaded_dataset_reimports_to_identical_kpis(small_dataset, tmp_path, fmt):
    tables = list(database.DATA_TABLES)
    if fmt == "zip":
        z = zipfile.ZipFile(io.BytesIO(dataset_export.export_zip(database.connect(small_dataset), mask=False)))
        files = {t: (z.read(f"{i:02d}_{t}.csv"), f"{i:02d}_{t}.csv", None) for i, t in enumerate(tables, 1)}
    else:
        book = dataset_export.export_xlsx(database.connect(small_dataset), mask=False)
        files = {t: (book, "dataset.xlsx", f"{i:02d}_{t}") for i, t in enumerate(tables, 1)}
    target = tmp_path / "reimported.duckdb"
    _reimport(files, target)
    src, dst = database.connect(small_dataset), database.connect(target)
    assert database.table_counts(dst) == database.table_counts(src)
    ids = catalogue.ids()
    assert _kpis(target, ids) == _kpis(small_dataset, ids)
    database.close(target)


def test_export_frames_use_the_import_templates_headers(small_dataset):
    frames = dataset_export.export_frames(database.connect(small_dataset))
    headers = dataset_export.import_headers("workers")
    assert headers, "the importer's specs give each column a Chinese header"
    assert list(frames["03_workers"].columns)[:4] == [headers.get(c, c) for c in
                                                      ("worker_id", "name", "gender", "id_number")]
    assert exports.neutralise(frames["15_points_ledger"]).equals(frames["15_points_ledger"])  # nothing to defuse


def test_generating_into_the_current_dataset_replaces_it(kuiwen_copy, datasets_dir, fresh_streamlit):
    """A named dataset is replaced in place: the app's connection is released first; afterwards
    every page reads the new data. The live dataset (default) is never replaced from the studio."""
    at = support.app_test(kuiwen_copy, page="studio").run()
    assert f"在岗社工={studio.preview(tg.KUIWEN).values['active_workers']}人" in [
        f"{m.label}={m.value}" for m in at.metric]
    destination = at.radio(key="studio_destination")
    assert destination.value == "new" and destination.disabled  # on the live data: new datasets only
    at.text_input(key="studio_name").set_value("demo-a").run()
    at.button(key="studio_generate").click().run()
    assert at.session_state["dataset"] == "demo-a" and not at.radio(key="studio_destination").disabled
    at.radio(key="studio_preset").set_value("hongtong").run()
    at.radio(key="studio_destination").set_value("active").run()
    at.button(key="studio_generate").click().run()
    assert not at.exception and not at.error
    assert at.session_state["dataset"] == "demo-a" and at.session_state["region"] == "141024"
    planned = studio.preview(tg.HONGTONG).values["active_workers"]
    assert f"在岗社工={planned}人" in [f"{m.label}={m.value}" for m in at.metric]
    h = tg.HONGTONG
    assert _kpis(datasets_dir / "demo-a.duckdb", ["partners", "issues_resolved", "wishes_fulfilled", "active_workers"]) == {
        "partners": h.partners, "issues_resolved": h.issues_resolved, "wishes_fulfilled": h.wishes_fulfilled,
        "active_workers": planned}
    assert _kpis(kuiwen_copy, ["active_workers"])["active_workers"] == studio.preview(tg.KUIWEN).values["active_workers"]
    database.close(kuiwen_copy)
