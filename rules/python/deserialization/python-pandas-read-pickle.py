import pandas as pd
from pandas import read_pickle


def load_frame(url):
    # ruleid: python-pandas-read-pickle
    return pd.read_pickle(url)


def load_upload(uploaded_file):
    # ruleid: python-pandas-read-pickle
    df = read_pickle(uploaded_file)
    return df.describe()


def safe_examples(df, path):
    # ok: python-pandas-read-pickle
    df.to_pickle(path)
    # ok: python-pandas-read-pickle
    other = pd.read_parquet(path)
    # ok: python-pandas-read-pickle
    return pd.read_csv("data.csv"), other


class FeatureCache:
    def __init__(self, cache_path):
        self.cache_path = cache_path

    def load(self):
        # ruleid: python-pandas-read-pickle
        self.frame = pd.read_pickle(self.cache_path, compression="gzip")
        return self.frame

    def save(self):
        # ok: python-pandas-read-pickle
        self.frame.to_pickle(self.cache_path, compression="gzip")
