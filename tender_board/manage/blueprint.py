"""The staff workspace blueprint; its views live in tenders.py, notices.py and approvals.py."""

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")
