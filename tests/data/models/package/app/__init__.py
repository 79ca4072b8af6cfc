from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()

from app import models  # noqa: E402,F401  (the classic circular import of Flask apps)
