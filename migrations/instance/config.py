# Instance configuration of the spaceship app (Flask loads it with app.config.from_pyfile).
# Flask-SQLAlchemy 3 resolves a relative SQLite path against this instance/ folder.
SQLALCHEMY_DATABASE_URI = "sqlite:///spaceship.db"
SQLALCHEMY_TRACK_MODIFICATIONS = False
