"""The write stage: one small module per output file, each taking the finished ``model.Gradebook``.

Every cell goes through ``table.cell`` (a spreadsheet never runs a learner's text as a formula).
"""
