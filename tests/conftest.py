import os
os.environ.setdefault('MPLBACKEND', 'Agg')
os.environ.setdefault('HF_DATASETS_OFFLINE', '1')
os.environ.setdefault('HF_HUB_OFFLINE', '1')
