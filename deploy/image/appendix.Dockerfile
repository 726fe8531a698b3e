# Added after repo2docker's own build of the student edition (jupyter-repo2docker --appendix).
# nbgitpuller is a server extension, so it goes into the environment that runs the Jupyter server
# (NB_PYTHON_PREFIX), not the kernel's. Keep its version equal to bench/requirements-hub.txt.
RUN ${NB_PYTHON_PREFIX}/bin/python -m pip install --no-cache-dir nbgitpuller==1.3.0
# psycopg lets the class service (deploy/k8s/pakru-class.yaml runs it from this image) use PostgreSQL;
# keep its version equal to bench/requirements-hub.txt.
RUN ${NB_PYTHON_PREFIX}/bin/python -m pip install --no-cache-dir "psycopg[binary]==3.3.9"
