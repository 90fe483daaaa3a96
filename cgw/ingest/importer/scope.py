"""Region scope at the load step: an account bound to a region may add or change rows inside its
subtree only. Each staged row whose region lies outside (the row's own community or region, the
community of the worker, candidate, point account or record it changes, every community a partner
or supply item it changes serves) is reported as a problem, so it is rejected like any other bad
row. Tables no region owns (the competency model) are refused to bound accounts altogether.

`problems(cur, spec, present, scope)` runs after validation, before the actions are decided
(pipeline._analyse); `refuse_mode` stops a replace, which would delete other regions' rows.
"""

from __future__ import annotations

from cgw.ingest.importer.errors import ImportFailed
from cgw.ingest.importer.specs import TableSpec
from cgw.ingest.importer.validate import add_problems

WORKER_TABLES = ("certificates", "secretary_grades", "trainings", "assessments", "competency_scores", "secondments",
                 "assessment_outcomes", "rotations")
PARTNER_TABLES = ("partners", "partner_evaluations")
# The region columns of a row, where they are not community_id (a table's own checked as well as the
# database row it would change).
REGION_COLUMNS = {"regions": ("region_id",), "region_population": ("region_id",), "salons": ("region_id",),
                  "training_resources": ("region_id",), "shadow_placements": ("host_community_id",),
                  "rotations": ("host_community_id",)}
# Tables no region owns (the competency model is the whole database's): a bound account may not change them.
GLOBAL_TABLES = ("competency_dimensions",)


def refuse_mode(mode: str, scope: str | None) -> None:
    if scope is not None and mode == "replace":
        raise ImportFailed("按区划授权的账号不能使用“替换”模式（它会删除整张表中文件里没有的记录，包括其他区划的）："
                           "请改用“追加”或“更新”")


def _outside(expr: str) -> str:
    return f"({expr} IS NOT NULL AND substr({expr}, 1, length($scope)) <> $scope)"


def _existing(spec: TableSpec, column: str) -> str:
    """`column` of the database row the staged row `s` would change (NULL for a new row)."""
    on = " AND ".join(f"t.{k} = TRY_CAST(s.{k} AS {spec.column(k).sql_type})" for k in spec.key)
    return f"(SELECT t.{column} FROM {spec.name} t WHERE {on})"


def _conditions(spec: TableSpec, present: dict[str, int]) -> list[tuple[str, str]]:
    """(column the problem is reported on, SQL true when the staged row `s` reaches outside)."""
    names = {c.name for c in spec.columns}
    out: list[tuple[str, str]] = []
    if spec.name in GLOBAL_TABLES:
        return [(spec.key[0], "$scope IS NOT NULL")]
    if spec.name in WORKER_TABLES:
        out.append(("worker_id", _outside("(SELECT w.community_id FROM workers w WHERE w.worker_id = s.worker_id)")))
    if spec.name in PARTNER_TABLES:
        return [("partner_id", "EXISTS (SELECT 1 FROM partner_communities pc WHERE pc.partner_id = s.partner_id "
                               f"AND {_outside('pc.community_id')})")]
    if spec.name == "service_supplies":  # every community a supply item it changes serves
        return [("supply_id", "EXISTS (SELECT 1 FROM supply_communities sc WHERE sc.supply_id = s.supply_id "
                              f"AND {_outside('sc.community_id')})")]
    if spec.name == "shadow_placements":  # the person placed: the candidate's or the worker's community
        out.append(("candidate_id", _outside("(SELECT c.community_id FROM reserve_candidates c "
                                             "WHERE c.candidate_id = s.candidate_id)")))
        out.append(("worker_id", _outside("(SELECT w.community_id FROM workers w WHERE w.worker_id = s.worker_id)")))
    regions = REGION_COLUMNS.get(spec.name, ("community_id",) if spec.name not in WORKER_TABLES else ())
    for region in regions:
        if region not in names:
            continue
        out.append((region, _outside(f"s.{region}")))
        if all(k in names for k in spec.key):
            out.append((region, _outside(_existing(spec, region))))
    if spec.name == "points_ledger":
        out.append(("account_id", _outside("(SELECT a.community_id FROM point_accounts a "
                                           "WHERE a.account_id = s.account_id)")))
    return out


def problems(cur, spec: TableSpec, present: dict[str, int], scope: str) -> None:
    """Add a problem for every staged row that reaches outside `scope`."""
    order = {c.name: i for i, c in enumerate(spec.columns)}
    reason = f"超出当前账号的管辖范围（区划 {scope}）：只能导入或修改本辖区的数据"
    fix = "删除这一行，或请管辖该区划的账号导入"
    if spec.name in GLOBAL_TABLES:
        reason = f"「{spec.title_zh}」是全库共用的设置，按区划授权的账号（区划 {scope}）不能修改"
        fix = "请不限区划的管理员导入"
    for column, condition in _conditions(spec, present):
        sql = (f"SELECT s.line, {order[column]}, {present.get(column, -1)}, ?, ? FROM staged s "
               f"WHERE {condition.replace('$scope', '?')}")
        add_problems(cur, sql, [reason, fix] + [scope] * condition.count("$scope"))
