/**
 * `/docs`: a self-contained page (no CDN: nothing outside this machine is
 * reachable where Updraft often runs) that loads `/api/v2/openapi.json` and lists
 * every operation with its parameters, body and responses, and lets a reader
 * try one with a token.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Updraft REST API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2433;background:#f6f7f9}
header{background:#0f3d5e;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
.tag{margin-top:22px;font-size:16px;border-bottom:1px solid #ccd;padding-bottom:4px}
details{background:#fff;border:1px solid #dde;border-radius:6px;margin:6px 0}
summary{cursor:pointer;padding:8px 10px;font-family:ui-monospace,monospace}
.m{display:inline-block;width:64px;font-weight:700;text-transform:uppercase}
.get{color:#1769aa}.post{color:#2e7d32}.patch{color:#b26a00}.delete{color:#c62828}.put{color:#6a1b9a}
.body{padding:4px 14px 12px}pre{background:#f0f2f5;padding:8px;overflow:auto;max-height:320px}
.perm{float:right;color:#667;font-size:12px}input,textarea{font:inherit;width:100%;box-sizing:border-box}
</style></head><body>
<header><h1>Updraft REST API</h1><div>Compatible with Apache Airflow's REST API v2 &middot; <a style="color:#cde" href="/api/v2/openapi.json">openapi.json</a></div></header>
<main><p>Token: <input id="token" placeholder="paste an access_token from POST /auth/token"></p><div id="ops">Loading the spec&hellip;</div></main>
<script>
const el=(t,a={},...k)=>{const e=document.createElement(t);Object.assign(e,a);k.forEach(x=>e.append(x));return e};
fetch('/api/v2/openapi.json').then(r=>r.json()).then(spec=>{
  const byTag={};
  for(const [path,ops] of Object.entries(spec.paths))for(const [method,op] of Object.entries(ops)){(byTag[(op.tags||['other'])[0]]??=[]).push({path,method,op})}
  const root=document.getElementById('ops');root.textContent='';
  for(const [tag,list] of Object.entries(byTag)){
    root.append(el('div',{className:'tag',textContent:tag}));
    for(const {path,method,op} of list){
      const d=el('details');
      d.append(el('summary',{},el('span',{className:'m '+method,textContent:method}),path+'  ',el('span',{className:'perm',textContent:op['x-updraft-permission']||''})));
      const b=el('div',{className:'body'});
      b.append(el('p',{textContent:op.summary||''}));
      const params=(op.parameters||[]).map(p=>p.in+' '+p.name+(p.required?' (required)':''));
      if(params.length)b.append(el('pre',{textContent:'Parameters:\\n'+params.join('\\n')}));
      const body=op.requestBody&&op.requestBody.content['application/json'];
      if(body)b.append(el('pre',{textContent:'Body: '+JSON.stringify(body.schema,null,1)}));
      b.append(el('pre',{textContent:'Responses: '+Object.keys(op.responses).join(', ')}));
      const url=el('input',{value:path}),payload=el('textarea',{rows:3,placeholder:'JSON body'}),out=el('pre');
      const go=el('button',{textContent:'Try it',onclick:async()=>{
        const h={'content-type':'application/json'};const t=document.getElementById('token').value;if(t)h.authorization='Bearer '+t;
        const r=await fetch(url.value,{method:method.toUpperCase(),headers:h,body:['get','delete'].includes(method)?undefined:payload.value||'{}'});
        out.textContent=r.status+'\\n'+await r.text();}});
      b.append(url,payload,go,out);d.append(b);root.append(d);
    }
  }
});
</script></body></html>`;
