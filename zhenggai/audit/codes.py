"""Every audit code, dotted (``object.verb``), with the Chinese label history tables show.

:func:`zhenggai.audit.log.record` refuses a code that is not registered here, so a new
action cannot write an event nobody can read.
"""

from __future__ import annotations

ACTION_LABELS = {
    "inspection.import": "导入通报",
    "notice_import.stage": "上传通报待导入",
    "notify.preferences": "修改提醒设置",
    "aspect.create": "新增问题方面",
    "problem.create": "登记问题",
    "problem.update": "修改问题",
    "measure.create": "交办措施",
    "measure.update": "修改措施",
    "measure.progress": "报送进展",
    "measure.reopen": "重新打开",
    "milestone.create": "新增阶段目标",
    "milestone.done": "完成阶段目标",
    "evidence.upload": "上传佐证材料",
    "closure.request": "申请销号",
    "closure.accept": "审核通过",
    "closure.return": "退回",
    "closure.approve": "批准销号",
    "recheck.record": "回头看复查",
    "regulation.create": "建章立制",
    "accountability.create": "问责追责",
    "recovery.create": "追缴资金",
    "ledger_import.stage": "上传台账",
    "ledger_import.mapping": "确认列对应",
    "ledger_import.apply": "导入台账",
    "notice.generate": "生成整改通报",
    "notice.regenerate": "重新生成整改通报",
    "notice.edit": "修改整改通报",
    "notice.submit": "提交审批",
    "notice.return": "退回修改",
    "notice.approve": "批准整改通报",
    "notice.publish": "公开整改通报",
    "opinion.submit": "提交群众意见",
    "opinion.record": "登记群众意见",
    "opinion.route": "转办群众意见",
    "opinion.reply": "答复群众意见",
    "supervision.create": "登记督导记录",
    "bulletin.generate": "生成工作通报",
    "contacts.save": "保存通报联系方式",
    "withholding.set": "标记不宜公开",
    "report.generate": "生成整改情况报告",
    "report.submit": "提交报告审批",
    "report.approve": "审批整改情况报告",
    "report.return": "退回整改情况报告",
}
