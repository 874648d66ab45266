from flask.cli import AppGroup

rules_cli = AppGroup("rules", help="Check eligibility rules against the pack's personas.")
