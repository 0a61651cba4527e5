import torch
from safetensors.torch import load_file


def load_checkpoint(path, model):
    # ruleid: python-torch-load-unsafe
    state = torch.load(path, map_location="cpu")
    model.load_state_dict(state["model"])


def load_full(path):
    # ruleid: python-torch-load-unsafe
    return torch.load(path, weights_only=False)


def load_downloaded(url):
    local = torch.hub.download_url_to_file(url, "/tmp/model.pt")
    # ruleid: python-torch-load-unsafe
    return torch.load("/tmp/model.pt")


def safe_examples(path, model):
    # ok: python-torch-load-unsafe
    state = torch.load(path, map_location="cpu", weights_only=True)
    # ok: python-torch-load-unsafe
    weights = load_file("model.safetensors")
    # ok: python-torch-load-unsafe
    torch.save(model.state_dict(), path)
    return state, weights
